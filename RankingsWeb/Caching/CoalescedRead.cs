namespace RankingsWeb.Caching;

/// <summary>
/// A read every caller must see fresh — started after the caller arrived — shared by the callers of a burst. At most
/// one read runs; callers arriving meanwhile cannot use it (it may have started before them), so they share the next
/// one, which starts as soon as the running one ends. Under load the reads run back to back, each serving everyone
/// who arrived during the one before: one database round trip per burst, not per request.
/// </summary>
public sealed class CoalescedRead<T>(Func<CancellationToken, Task<T>> read)
{
    private readonly Lock _gate = new();
    private bool _running;
    private TaskCompletionSource<T>? _next;

    public Task<T> ReadAsync()
    {
        var promise = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            if (_next is { } queued) return queued.Task;
            if (_running)
            {
                _next = promise;
                return promise.Task;
            }
            _running = true;
        }
        _ = RunAsync(promise);
        return promise.Task;
    }

    /// <summary>
    /// Not cancelled by any one caller: others share the read. A failure fails the callers of this read only; the next
    /// read is tried afresh.
    /// </summary>
    private async Task RunAsync(TaskCompletionSource<T> promise)
    {
        while (true)
        {
            try
            {
                promise.SetResult(await read(CancellationToken.None));
            }
            catch (Exception e)
            {
                promise.SetException(e);
            }
            lock (_gate)
            {
                if (_next is null)
                {
                    _running = false;
                    return;
                }
                promise = _next;
                _next = null;
            }
        }
    }
}
