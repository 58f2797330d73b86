using System.Runtime.InteropServices;

namespace Catalogue.Api.Hosting;

/// <summary>
/// Ctrl+C (SIGINT) or SIGTERM while a verb runs. Left to the runtime, either ends the process where it stands: an export
/// leaves its <c>FILE.partial</c> behind, and the embedded PostgreSQL the verb started runs on, orphaned, until the next
/// start takes it over. The first signal here asks the verb to stop instead (<see cref="Token"/>), so that it cleans up
/// and the cluster is stopped on the way out; a second is left to the runtime, for a verb that cannot stop where it
/// stands (a write to a pipe nobody reads).
/// </summary>
public sealed class VerbInterruption : IDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly PosixSignalRegistration _interrupt;
    private readonly PosixSignalRegistration _terminate;
    private int _received;

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
        if (Interlocked.CompareExchange(ref _received, signal.Signal == PosixSignal.SIGINT ? Sigint : Sigterm, 0) != 0) return;
        signal.Cancel = true;
        _stop.Cancel();
    }

    public void Dispose()
    {
        _interrupt.Dispose();
        _terminate.Dispose();
        _stop.Dispose();
    }
}
