target_sources(qsmapcli PRIVATE cli/options.c cli/run.c cli/networks.c cli/console.c
  cli/signals.c)
