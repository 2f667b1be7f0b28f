# libregionet.so.0 and everything `cmake --install build --prefix P` installs:
#   P/lib/libregionet.so.0 (+ .so link), P/include/regionet/*.h,
#   P/lib/pkgconfig/regionet.pc, P/lib/cmake/regionet/ (regionet::regionet),
#   P/bin/regionet, P/share/man/man1/regionet*.1
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

# The same objects as regionet_lib (whole archive), exporting only RN_API
# symbols: the archive is compiled with -fvisibility=hidden.
add_library(regionet_shared SHARED engine/api/shared.c)
target_link_libraries(regionet_shared PRIVATE "$<LINK_LIBRARY:WHOLE_ARCHIVE,regionet_lib>")
target_include_directories(regionet_shared INTERFACE
  $<BUILD_INTERFACE:${CMAKE_SOURCE_DIR}/engine/include>
  $<INSTALL_INTERFACE:${CMAKE_INSTALL_INCLUDEDIR}>)
set_target_properties(regionet_shared PROPERTIES
  OUTPUT_NAME regionet EXPORT_NAME regionet
  VERSION ${PROJECT_VERSION} SOVERSION ${PROJECT_VERSION_MAJOR})
# nothing undefined left for the caller to supply (sanitizer builds leave
# their runtime's symbols to the executable)
if(NOT RN_SANITIZE AND NOT RN_FUZZ)
  target_link_options(regionet_shared PRIVATE "LINKER:--no-undefined")
endif()
add_library(regionet::regionet ALIAS regionet_shared)

# Manual pages, generated from the apps' option tables (see engine/cli/man.c).
add_executable(regionet_man engine/cli/man.c engine/cli/usage.c)
target_include_directories(regionet_man PRIVATE ${CMAKE_SOURCE_DIR})
target_link_libraries(regionet_man PRIVATE regionet_lib)
set(RN_MAN_DIR ${CMAKE_BINARY_DIR}/man)
set(RN_MAN_PAGES ${RN_MAN_DIR}/regionet.1)
foreach(cmd inspect delineate compare sweep generate methods version)
  list(APPEND RN_MAN_PAGES ${RN_MAN_DIR}/regionet-${cmd}.1)
endforeach()
add_custom_command(OUTPUT ${RN_MAN_PAGES}
  COMMAND ${CMAKE_COMMAND} -E make_directory ${RN_MAN_DIR}
  # (GDAL's drivers stay registered at exit: no leak report in ASan builds)
  COMMAND ${CMAKE_COMMAND} -E env ASAN_OPTIONS=detect_leaks=0 $<TARGET_FILE:regionet_man> ${RN_MAN_DIR}
  DEPENDS regionet_man
  COMMENT "Manual pages from the option tables")
add_custom_target(regionet_manpages ALL DEPENDS ${RN_MAN_PAGES})

install(TARGETS regionet_shared EXPORT regionetTargets
  LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
  RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(TARGETS regionet RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(FILES engine/include/regionet/regionet.h engine/include/regionet/app.h
              engine/include/regionet/export.h
        DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/regionet)
install(FILES ${RN_MAN_PAGES} DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)

install(EXPORT regionetTargets NAMESPACE regionet::
        DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/regionet)
configure_package_config_file(engine/regionetConfig.cmake.in
  ${CMAKE_BINARY_DIR}/regionetConfig.cmake
  INSTALL_DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/regionet)
write_basic_package_version_file(${CMAKE_BINARY_DIR}/regionetConfigVersion.cmake
  COMPATIBILITY SameMajorVersion)
install(FILES ${CMAKE_BINARY_DIR}/regionetConfig.cmake
              ${CMAKE_BINARY_DIR}/regionetConfigVersion.cmake
        DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/regionet)

# pkg-config: the shared library needs nothing more on the caller's link line.
# Relocatable: the prefix is found from where the .pc file lies.
file(RELATIVE_PATH RN_PC_UP "/p/${CMAKE_INSTALL_LIBDIR}/pkgconfig" "/p")
configure_file(engine/regionet.pc.in ${CMAKE_BINARY_DIR}/regionet.pc @ONLY)
install(FILES ${CMAKE_BINARY_DIR}/regionet.pc DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)
