target_sources(qsmapcli PRIVATE cli/options.c cli/run.c cli/networks.c cli/console.c
  cli/signals.c cli/options_serve.c cli/serve.c)
