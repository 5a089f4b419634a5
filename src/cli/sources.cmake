target_sources(qsmapcli PRIVATE cli/options.c cli/run.c cli/console.c cli/signals.c)
