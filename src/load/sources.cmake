target_sources(qsmapcore PRIVATE load/csv.c load/csv_file.c load/columns.c load/checks.c load/ids.c load/schools.c
  load/shapefile.c load/shapefile_mmap.c load/dataset.c)
