target_sources(qsmapcore PRIVATE load/csv.c load/csv_file.c load/columns.c load/checks.c load/ids.c load/schools.c
  load/shapefile.c load/shapefile_mmap.c load/dataset.c)
target_sources(qsmapcore PRIVATE load/gdal.c load/boundaries_gdal.c)

# The GDAL reader module (load/gdal/module.h): loaded by a run only when an
# input is a spreadsheet, a GIS layer, PostGIS or a reprojected shapefile.
pkg_check_modules(GDAL REQUIRED IMPORTED_TARGET gdal)
# It carries its own copy of the few base files it uses (the error record,
# UTF-8, paths), so that it needs nothing from the process that loads it
# (the tests' programs export nothing).
add_library(qsmap-gdal MODULE load/gdal/gdal_table.c load/gdal/gdal_polys.c
  load/gdal/gdal_kml.c load/gdal/gdal_util.c base/error.c base/utf8.c base/paths.c)
set_target_properties(qsmap-gdal PROPERTIES PREFIX "")
# -z defs proves that; clang's sanitizer runtime lives in the executable, so
# not in the fuzzing build.
if(NOT QSMAP_FUZZ)
  target_link_options(qsmap-gdal PRIVATE -Wl,-z,defs)
endif()
target_include_directories(qsmap-gdal PRIVATE ${PROJECT_SOURCE_DIR}/include ${PROJECT_SOURCE_DIR}/src)
target_link_libraries(qsmap-gdal PRIVATE PkgConfig::GDAL)
