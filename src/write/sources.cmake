target_sources(qsmapcore PRIVATE write/format.c write/commit.c write/filename.c
  write/outfile.c write/outputs.c
  write/csv_out.c write/pairs_csv.c write/summary_csv.c write/geojson.c
  write/render_formats.c write/render_module.c write/html.c
  write/json.c write/networks_csv.c write/networks_geojson.c write/i10_csv.c)
