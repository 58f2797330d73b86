using System.Runtime.InteropServices;

namespace Catalogue.Api.Hosting;

/// <summary>
/// Ctrl+C (SIGINT) or SIGTERM while a verb runs. Left to the runtime, either ends the process where it stands: an export
/// leaves its <c>FILE.partial</c> behind, and the embedded PostgreSQL the verb started runs on, orphaned, until the next
/// start takes it over. The first signal here asks the verb to stop instead (<see cref="Token"/>), so that it cleans up
/// and the cluster is stopped on the way out. A verb that cannot stop where it stands — opening or reading a pipe no one
/// writes to, writing to one no one reads, which no cancellation reaches — is given up on (<see cref="OutlastAsync{T}"/>)
/// <see cref="Patience"/> after the first signal, or at once on a second, and the cluster is still stopped: a second
/// signal left to the runtime had left it running (found from outside, with <c>import-jsonl</c> of a FIFO). A third is
/// left to the runtime, should stopping the cluster itself hang.
/// </summary>
public sealed class VerbInterruption : IDisposable
{
    /// <summary>How long a verb is waited for once asked to stop.</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private readonly CancellationTokenSource _stop = new();
    private readonly TaskCompletionSource _givenUp = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly PosixSignalRegistration _interrupt;
    private readonly PosixSignalRegistration _terminate;
    private int _received;
    private int _signals;

    public VerbInterruption()
    {
        _interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Receive);
        _terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Receive);
    }

    /// <summary>Cancelled by the first signal.</summary>
    public CancellationToken Token => _stop.Token;

    /// <summary>The signal received, as a person knows it; null before one.</summary>
    public string? Received => Volatile.Read(ref _received) switch
    {
        0 => null,
        Sigint => "Ctrl+C",
        _ => "SIGTERM",
    };

    /// <summary>The shell's exit code of a process a signal ended: 128 and the signal's number (130 for Ctrl+C, 143 for SIGTERM).</summary>
    public int ExitCode => 128 + Volatile.Read(ref _received);

    private const int Sigint = 2;
    private const int Sigterm = 15;

    private void Receive(PosixSignalContext signal)
    {
        switch (Interlocked.Increment(ref _signals))
        {
            case 1:
                Interlocked.CompareExchange(ref _received, signal.Signal == PosixSignal.SIGINT ? Sigint : Sigterm, 0);
                signal.Cancel = true;
                _stop.Cancel();
                _ = Task.Delay(Patience).ContinueWith(_ => _givenUp.TrySetResult(), TaskScheduler.Default);
                break;
            case 2:
                signal.Cancel = true;
                _givenUp.TrySetResult();
                break;
        }
    }

    /// <summary>
    /// The verb's outcome; or, once a signal has come and the verb has not stopped within <see cref="Patience"/> (or a
    /// second signal came), an <see cref="OperationCanceledException"/>, the verb left where it stands.
    /// </summary>
    public async Task<T> OutlastAsync<T>(Task<T> verb)
    {
        if (await Task.WhenAny(verb, _givenUp.Task) == verb) return await verb;
        // Observed, so that its failure, when it comes as the process ends, is not reported as unobserved.
        _ = verb.ContinueWith(t => t.Exception, TaskScheduler.Default);
        throw new OperationCanceledException("The verb did not stop when asked to.");
    }

    public void Dispose()
    {
        _interrupt.Dispose();
        _terminate.Dispose();
        _stop.Dispose();
    }
}
