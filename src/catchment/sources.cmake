target_sources(qsmapcore PRIVATE catchment/geodesic.c catchment/grid.c catchment/join.c
  catchment/nearest.c catchment/radius.c)
