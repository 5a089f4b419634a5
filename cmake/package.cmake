# package.cmake — the Debian package, made by CPack from the install rules:
#   cpack -G DEB   (in the build directory), or cmake --build build --target package
# gives qsmap_<version>_<arch>.deb with qsmap in /usr/bin, its renderer
# qsmap-render.so in /usr/<libdir>/qsmap and the default dataset in
# /usr/share/qsmap. The binary finds both relative to itself (src/base/paths.c),
# so the package works at CPack's /usr whatever prefix was configured; configure
# with -DCMAKE_INSTALL_PREFIX=/usr to get the multiarch libdir
# (lib/x86_64-linux-gnu) of a Debian system. The shared libraries it depends on
# are read from the binaries by dpkg-shlibdeps (package dpkg-dev).

set(QSMAP_DEB_MAINTAINER "qsmap maintainers <qsmap@localhost>" CACHE STRING
  "Maintainer field of the Debian package (Name <address>)")

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME qsmap)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_CONTACT ${QSMAP_DEB_MAINTAINER})
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY
  "school catchment maps and tables for Thai education planners")
# One string: its lines become the control file's long description.
string(CONCAT CPACK_PACKAGE_DESCRIPTION
  "For each quality school of a Thai district, qsmap finds every network\n"
  "school within a radius (5 km by default, geodesic on WGS84) and writes the\n"
  "maps and tables of merge-feasibility reports: PDF and PNG maps, atlases,\n"
  "CSV, GeoJSON and Excel workbooks. The default dataset (district boundaries\n"
  "and a sample school table) is included.")
set(CPACK_STRIP_FILES ON)
set(CPACK_INSTALL_DEFAULT_DIRECTORY_PERMISSIONS OWNER_READ OWNER_WRITE OWNER_EXECUTE
  GROUP_READ GROUP_EXECUTE WORLD_READ WORLD_EXECUTE)

set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)  # qsmap_<version>_<arch>.deb
set(CPACK_DEBIAN_PACKAGE_MAINTAINER ${QSMAP_DEB_MAINTAINER})
set(CPACK_DEBIAN_PACKAGE_SECTION science)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# The maps are set in Laksaman and Noto Sans Thai (render/render.h), which
# fontconfig finds at run time: no library names them.
# -o FILE.html and qsmap serve's page inline Debian's Leaflet.
set(CPACK_DEBIAN_PACKAGE_DEPENDS "fonts-tlwg-laksaman, fonts-noto-core, libjs-leaflet")
# qsmap serve as a service (cmake/debian/qsmap.service): the unit, its
# options file (a conffile, kept on upgrades), and a postinst that tells
# systemd of the unit.
set(CPACK_DEBIAN_PACKAGE_CONTROL_EXTRA ${CMAKE_CURRENT_LIST_DIR}/debian/postinst
  ${CMAKE_CURRENT_BINARY_DIR}/debian/conffiles)
file(WRITE ${CMAKE_CURRENT_BINARY_DIR}/debian/conffiles "/etc/default/qsmap\n")

if(NOT CMAKE_INSTALL_PREFIX STREQUAL "/usr")
  message(STATUS "qsmap package: the renderer goes to /usr/${CMAKE_INSTALL_LIBDIR}/qsmap "
    "(configure with -DCMAKE_INSTALL_PREFIX=/usr for the multiarch libdir)")
endif()

include(CPack)
