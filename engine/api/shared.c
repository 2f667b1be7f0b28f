/* The shared library's own translation unit (CMake wants one): its contents
 * are regionet_lib's objects, linked whole (engine/install.cmake). */
typedef int rn_shared_unit_t;
