// Hangfire keeps its job storage in static state (JobStorage.Current), so two app hosts alive at
// once in one process would process each other's jobs. Test classes therefore run one at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
