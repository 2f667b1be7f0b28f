/* RN_API marks the functions libregionet exports. The library is built with
 * -fvisibility=hidden, so every other symbol stays inside it: callers see
 * only what regionet/regionet.h and regionet/app.h declare. */
#ifndef REGIONET_EXPORT_H
#define REGIONET_EXPORT_H

#if defined(_WIN32)
#define RN_API
#elif defined(__GNUC__)
#define RN_API __attribute__((visibility("default")))
#else
#define RN_API
#endif

#endif
