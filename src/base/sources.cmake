target_sources(qsmapcore PRIVATE base/error.c base/encoding.c base/text.c base/number.c
  base/fileio.c base/module.c base/clock.c base/vocab.c base/array.c base/paths.c base/utf8.c)
