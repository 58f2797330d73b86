using System.Diagnostics;
using System.Globalization;

namespace Catalogue.Api.Generation;

/// <summary>
/// How far a generation or an import has got, its rate and when it will end: one line rewritten in place on a terminal, a plain line
/// every few seconds otherwise (a log file or a pipe would fill with carriage returns).
/// </summary>
public sealed class GenerationProgress : IAsyncDisposable
{
    private const int BarWidth = 24;
    private static readonly TimeSpan TerminalEvery = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan PlainEvery = TimeSpan.FromSeconds(5);

    /// <summary>The rate is measured over this last stretch, so that the ETA follows a writer that slows down.</summary>
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(15);

    private readonly TextWriter _output;
    private readonly long? _total;
    private readonly bool _bytes;
    private readonly bool _terminal;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly Queue<(TimeSpan At, long Done)> _samples = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _reporting;
    private long _done;
    private int _lastWidth;

    /// <param name="total">How much there is to do; null when it cannot be known (an input read from a pipe): then how much is done, without a bar or an ETA.</param>
    /// <param name="unit">"records", or "bytes" for an input read through (shown in MiB).</param>
    public GenerationProgress(TextWriter output, long? total, bool terminal, string unit = "records")
    {
        _output = output;
        _total = total;
        _bytes = unit == "bytes";
        _terminal = terminal;
        _reporting = ReportAsync();
    }

    public void Add(int records) => Interlocked.Add(ref _done, records);

    /// <summary>
    /// Stops the clock where the work ended and gives its time, the one the last line shows: a summary timed apart said
    /// "in 0:01" after a last line of 0:02 (its clock started after this one, and the line was written after it stopped).
    /// </summary>
    public TimeSpan Finish()
    {
        _clock.Stop();
        return _clock.Elapsed;
    }

    /// <summary>How far it has got in all (for an import, the bytes of its input read).</summary>
    public void Set(long done) => Volatile.Write(ref _done, done);

    private async Task ReportAsync()
    {
        using var timer = new PeriodicTimer(_terminal ? TerminalEvery : PlainEvery);
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token)) Write(final: false);
        }
        catch (OperationCanceledException)
        {
            // Stopped: the last line is written by DisposeAsync.
        }
    }

    private void Write(bool final)
    {
        var done = Volatile.Read(ref _done);
        var now = _clock.Elapsed;
        _samples.Enqueue((now, done));
        while (_samples.Count > 2 && now - _samples.Peek().At > Window) _samples.Dequeue();
        var (since, before) = _samples.Peek();
        var rate = final || now - since < TimeSpan.FromSeconds(1)
            ? done / Math.Max(now.TotalSeconds, 0.001)
            : (done - before) / (now - since).TotalSeconds;

        var line = Line(done, rate, now, final);
        if (!_terminal)
        {
            _output.WriteLine(line);
            return;
        }

        // Spaces over what a longer line before left; then back to the start, for the next one.
        _output.Write($"\r{line}{new string(' ', Math.Max(0, _lastWidth - line.Length))}");
        _lastWidth = line.Length;
        if (final) _output.WriteLine();
        _output.Flush();
    }

    private string Line(long done, double rate, TimeSpan elapsed, bool final)
    {
        if (_total is not { } total)
        {
            return _bytes
                ? string.Create(CultureInfo.InvariantCulture, $"{done / 1048576.0:N1} MiB read  {rate / 1048576.0:N1} MiB/s  {Duration(elapsed)}")
                : string.Create(CultureInfo.InvariantCulture, $"{done:N0} records  {rate:N0} records/s  {Duration(elapsed)}");
        }

        var fraction = total == 0 ? 1 : (double)done / total;
        var eta = final || rate <= 0 ? "" : $"  ETA {Duration(TimeSpan.FromSeconds((total - done) / rate))}";
        var counts = _bytes
            ? string.Create(CultureInfo.InvariantCulture, $"{done / 1048576.0:N1}/{total / 1048576.0:N1} MiB  {rate / 1048576.0:N1} MiB/s  {Duration(elapsed)}{eta}")
            : string.Create(CultureInfo.InvariantCulture, $"{done:N0}/{total:N0} records  {rate:N0} records/s  {Duration(elapsed)}{eta}");
        if (!_terminal) return $"{fraction * 100,3:F0} %  {counts}";

        var filled = (int)Math.Round(fraction * BarWidth);
        return $"{fraction * 100,3:F0} % [{new string('#', filled)}{new string('.', BarWidth - filled)}] {counts}";
    }

    public static string Duration(TimeSpan span) =>
        span.TotalHours >= 1 ? $"{(int)span.TotalHours}:{span.Minutes:D2}:{span.Seconds:D2}" : $"{span.Minutes}:{span.Seconds:D2}";

    /// <summary>Stops reporting and writes where it ended.</summary>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _reporting;
        Write(final: true);
        _stop.Dispose();
    }
}
