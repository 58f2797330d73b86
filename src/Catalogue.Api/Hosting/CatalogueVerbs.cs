using System.Globalization;
using Microsoft.Win32.SafeHandles;

namespace Catalogue.Api.Hosting;

/// <summary>One of Catalogue's own verbs: how <c>help</c> lists it, and what runs it.</summary>
/// <param name="Name">What is typed first; "" for no verb (running the service).</param>
/// <param name="Usage">How it is typed, as <c>help</c> shows it.</param>
/// <param name="Description">What it does, in one line.</param>
/// <param name="Run">
/// Runs it, on the built service with its schema brought up to date first (before anything is built, when
/// <see cref="Offline"/>); null for the host's own answers (running the service, <c>help</c>).
/// </param>
public sealed record Verb(string Name, string Usage, string Description, Func<VerbRun, Task<int>>? Run = null)
{
    /// <summary>Runs before the service is built, so it starts no database and needs none (<c>healthcheck</c>, <c>verify-export</c>).</summary>
    public bool Offline { get; init; }

    /// <summary>
    /// The arguments (after the verb) it takes. Others are the Critter Stack's: its <c>projections</c> actions besides
    /// <c>rebuild</c>, which Catalogue replaces.
    /// </summary>
    public Func<string[], bool> Takes { get; init; } = _ => true;

    /// <summary>The usage to answer, before anything starts, for arguments it can never take; null when they may run.</summary>
    public Func<string[], string?> Refuses { get; init; } = _ => null;
}

/// <summary>A verb's run: the arguments after its name, where it writes, and the built service's container.</summary>
public sealed class VerbRun(string[] arguments, TextWriter output, TextWriter error, IServiceProvider? services, CancellationToken cancellation)
{
    public string[] Arguments { get; } = arguments;

    public TextWriter Output { get; } = output;

    public TextWriter Error { get; } = error;

    public CancellationToken Cancellation { get; } = cancellation;

    public IServiceProvider Services => services ?? throw new InvalidOperationException("An offline verb runs before the service is built: it has no services.");

    /// <summary>Who a verb acts as in the history: the operating system's user at the console.</summary>
    public static string Actor => $"cli:{Environment.UserName}";

    /// <summary>What a verb says of a file it was given to read when there is none there to read; null when there is.</summary>
    public static string? NoFileToRead(string path)
    {
        if (!File.Exists(path)) return Directory.Exists(path) ? $"{path}: a directory, not a file" : $"{path}: no such file";
        // A link is a file to File.Exists whatever it leads to (found from outside: a loop of links ended a verb with a
        // stack trace): its links are followed as the system would, at most 40; a descriptor's (a pipe's) ends the walk.
        var reached = Path.GetFullPath(path);
        for (var links = 0; new FileInfo(reached).LinkTarget is { } target; links++)
        {
            if (links == 40) return $"{path}: too many levels of symbolic links";
            if (!target.StartsWith('/') && target.Contains(":[", StringComparison.Ordinal)) return null;
            reached = Path.GetFullPath(target, Path.GetDirectoryName(reached)!);
        }

        return File.Exists(reached) ? null : Directory.Exists(reached) ? $"{path}: a link to a directory, not a file" : $"{path}: a link to no file ({reached})";
    }

    /// <summary>
    /// An argument as a verb quotes it back: its control characters named (<c>U+001B</c>), not written to the terminal,
    /// which would act on them (found from outside: ESC [31m in a key's name turned the terminal red).
    /// </summary>
    public static string Printable(string argument) => string.Concat(argument.Select(c => char.IsControl(c) ? $"U+{(int)c:X4}" : c.ToString()));

    /// <summary>The exit code of a verb whose input is not there: a file it cannot read, a record with no events (BSD's EX_NOINPUT).</summary>
    public const int NoInput = 66;

    /// <summary>The exit code of a verb that cannot create or write its output file (BSD's EX_CANTCREAT).</summary>
    public const int CannotWrite = 73;

    /// <summary>The file name that stands for standard output (a verb's output) or standard input (its input), for a pipe.</summary>
    public const string StandardStream = "-";

    /// <summary>
    /// Writes a verb's export into <paramref name="file"/> whole (<see cref="WriteWholeFileAsync"/>), or streams it to
    /// standard output for <c>-</c>. Null when written; else what to say.
    /// </summary>
    public static Task<string?> WriteExportAsync(string file, Func<Stream, Task> write) =>
        file == StandardStream ? WriteToStandardOutputAsync(write) : WriteWholeFileAsync(file, write);

    /// <summary>Where a verb says what it wrote into <paramref name="file"/>: standard error when standard output holds the export itself.</summary>
    public TextWriter SaysOf(string file) => file == StandardStream ? Error : Output;

    /// <summary>A count and its noun as a verb says them: "1 record", "14,125 records".</summary>
    public static string Counted(long count, string singular) =>
        $"{Number(count)} {(count == 1 ? singular : singular + "s")}";

    /// <summary>A count as a verb says it, grouped in thousands whatever the machine's culture: "14,125".</summary>
    public static string Number(long count) => count.ToString("N0", CultureInfo.InvariantCulture);

    /// <summary>The export's destination as a verb names it in what it says.</summary>
    public static string Destination(string file) => file == StandardStream ? "standard output" : Path.GetFullPath(file);

    /// <summary>
    /// Streams a verb's export to standard output as it is written. Null when written; else what to say. Unlike a file,
    /// what a reader took before a failure is cut off, and is not taken back: the message and the exit code say so.
    /// </summary>
    private static async Task<string?> WriteToStandardOutputAsync(Func<Stream, Task> write)
    {
        // Not Console.OpenStandardOutput(): the console's stream passes over a pipe's reader gone away (EPIPE) in silence,
        // and a verb would run on to its end and report its output whole.
        var output = new FileStream(new SafeFileHandle(1, ownsHandle: false), FileAccess.Write, bufferSize: 1 << 16);
        try
        {
            await write(output);
            await output.FlushAsync();
            return null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // The reader went away (a pipe into head), the disk is full, or there is no standard output (closed, >&-).
            return $"{StandardStream}: cannot be written ({(ex.InnerException ?? ex).Message}): the export stopped before it was whole.";
        }
        finally
        {
            // What is left in the buffer after a failed write fails again here, and has been reported.
            try { await output.DisposeAsync(); } catch (Exception ex) when (ex is IOException or UnauthorizedAccessException) { }
        }
    }

    /// <summary>
    /// Writes a verb's output into <c>FILE.partial</c> and moves it to <paramref name="file"/> when whole, so the name
    /// asked for never holds a cut-off file; through a link, as the shell's <c>&gt;</c> writes, the link kept. Null when
    /// written; else what to say, the partial file removed — also when the verb is interrupted.
    /// </summary>
    public static async Task<string?> WriteWholeFileAsync(string file, Func<Stream, Task> write)
    {
        if (string.IsNullOrWhiteSpace(file)) return $"'{file}': cannot be written (no file is named)";
        // The name is replaced by a move once the file is whole: a device (/dev/null) or a descriptor (/dev/stdout, a link
        // to /proc/self/fd/1) would be replaced by a regular file — for root, on the whole machine.
        var (path, refusal) = FileBehind(Path.GetFullPath(file));
        if (refusal is not null) return $"{file}: cannot be written ({refusal})";
        // Found from outside: a named pipe was replaced by a regular file, and its reader never got a line.
        if (SpecialFiles.KindOf(path) is { } special)
            return $"{file}: cannot be written (a {special}, not a file: the output is written whole under another name, then moved there; name a file, or {StandardStream} to stream to standard output)";
        var temporary = path + ".partial";
        var whole = false;
        try
        {
            await using (var output = File.Create(temporary))
            {
                await write(output);
            }

            File.Move(temporary, path, overwrite: true);
            whole = true;
            return null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return $"{file}: cannot be written ({ex.Message})";
        }
        finally
        {
            if (!whole && File.Exists(temporary)) File.Delete(temporary);
        }
    }

    /// <summary>
    /// The file a name leads to, each link on the way followed, the folders' as well as the file's; refused when a step
    /// is a device's or a process's (under /dev, /proc or /sys), whatever lies at the end: /dev/stdout leads through
    /// /proc/self/fd/1 to a regular file when standard output is redirected into one, and /tmp/d/null to /dev/null when
    /// /tmp/d is a link to /dev.
    /// </summary>
    private static (string Path, string? Refusal) FileBehind(string path)
    {
        var ahead = new Stack<string>(path.Split('/', StringSplitOptions.RemoveEmptyEntries).Reverse());
        var reached = "/";
        var links = 0;
        while (ahead.TryPop(out var name))
        {
            var next = Path.Join(reached, name);
            if (next is "/dev" or "/proc" or "/sys")
                return (next, $"a device, not a file: the output is written whole under another name, then moved there; name a file, or {StandardStream} to stream to standard output");
            if (new FileInfo(next).LinkTarget is not { } target)
            {
                reached = next;
                continue;
            }

            // Linux follows at most 40 links in a name.
            if (++links > 40) return (next, "too many levels of symbolic links");
            foreach (var step in Path.GetFullPath(target, reached).Split('/', StringSplitOptions.RemoveEmptyEntries).Reverse()) ahead.Push(step);
            reached = "/";
        }

        return (reached, null);
    }
}

/// <summary>
/// Catalogue's verbs, in the order <c>help</c> lists them: the host's running of the service first, each capability's
/// as it added them, and the host's <c>healthcheck</c> and <c>help</c> last.
/// </summary>
public sealed class CatalogueVerbs(IReadOnlyList<Verb> first, IReadOnlyList<Verb> last)
{
    private readonly List<Verb> _added = [];

    public IReadOnlyList<Verb> All => [.. first, .. _added, .. last];

    public CatalogueVerbs Add(Verb verb)
    {
        if (All.Any(v => v.Name == verb.Name)) throw new InvalidOperationException($"The verb '{verb.Name}' is added twice.");
        _added.Add(verb);
        return this;
    }

    public Verb? Named(string name) => All.FirstOrDefault(v => v.Name == name);

    /// <summary>The verb of Catalogue's own that runs <paramref name="args"/>; null for the service itself and for the Critter Stack's.</summary>
    public Verb? Running(string[] args) =>
        args is [var name, ..] && name != "" && Named(name) is { Run: not null } verb && verb.Takes(args[1..]) ? verb : null;

    /// <summary>
    /// Runs the verb <paramref name="args"/> name on the built service, as the command line does: arguments it refuses
    /// answered with its usage, its schema brought up to date unless it runs offline.
    /// </summary>
    /// <returns>The exit code; null when no verb of Catalogue's own takes <paramref name="args"/>.</returns>
    public async Task<int?> RunAsync(IServiceProvider services, string[] args, TextWriter output, TextWriter error, CancellationToken ct)
    {
        if (args is [var name, ..] && Named(name)?.Refuses(args[1..]) is { } usage)
        {
            await error.WriteLineAsync(usage);
            return CatalogueCommandLine.UsageError;
        }

        if (Running(args) is not { } verb) return null;

        // The host is not started for a verb, so nothing else has brought the schema up to date.
        if (!verb.Offline) await services.GetRequiredService<CatalogueSchemaUpdates>().EnsureAsync();

        return await verb.Run!(new VerbRun(args[1..], output, error, verb.Offline ? null : services, ct));
    }
}
