# qsmap serve's web server, a module (serve/module.h): libmicrohttpd (and
# through it GnuTLS) and libcrypt are mapped only by `qsmap serve`. It calls
# the core, which the executable exports (ENABLE_EXPORTS), as the renderer
# module does.
pkg_check_modules(MHD REQUIRED IMPORTED_TARGET GLOBAL libmicrohttpd)
pkg_check_modules(XCRYPT REQUIRED IMPORTED_TARGET GLOBAL libxcrypt)
add_library(qsmap-serve MODULE serve/server.c serve/route.c serve/auth.c serve/session.c
  serve/upload.c serve/query.c serve/api.c serve/upload_api.c serve/cache.c)
set_target_properties(qsmap-serve PROPERTIES PREFIX "")
target_include_directories(qsmap-serve PRIVATE ${PROJECT_SOURCE_DIR}/include
  ${PROJECT_SOURCE_DIR}/src ${PROJECT_SOURCE_DIR})
target_link_libraries(qsmap-serve PRIVATE PkgConfig::MHD PkgConfig::XCRYPT Threads::Threads)
