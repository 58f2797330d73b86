using System.Diagnostics;

namespace Catalogue.Tests.Support;

/// <summary>The service's own command line, run as a separate process against the test database.</summary>
public static class CatalogueCli
{
    /// <summary>
    /// The service as built in its own output folder, where <c>dotnet run --project src/Catalogue.Api</c> runs it, rather
    /// than its copy beside the tests: the command line finds the framework's verbs by reading the attributes of every
    /// assembly in the service's folder, and beside the tests that folder holds the test assembly, whose assembly
    /// attributes of xunit's (an orderer, a collection behaviour) cannot be read by a service that has no xunit.
    /// </summary>
    public static string ServiceDll { get; } = OwnBuildOfTheService();

    private static string OwnBuildOfTheService()
    {
        // The configuration and framework of the tests' own folder: bin/Debug/net10.0.
        var framework = new DirectoryInfo(AppContext.BaseDirectory);
        var dll = RepositoryFiles.PathOf("src", "Catalogue.Api", "bin", framework.Parent!.Name, framework.Name, "Catalogue.Api.dll");
        return File.Exists(dll) ? dll : throw new FileNotFoundException("The service's own build, which building the tests builds too, is not there.", dll);
    }

    public static Process Start(string connectionString, IEnumerable<string> args) => Start(connectionString, args, new Dictionary<string, string>());

    /// <param name="connectionString">Null: the service's embedded PostgreSQL, under a Catalogue__DataDirectory the environment names.</param>
    /// <param name="asPeopleSeeIt">False: warnings and errors only; true: the console as it is when nothing is configured.</param>
    /// <param name="pipedInput">True: its standard input is a pipe the caller writes (else it has the test's).</param>
    /// <param name="asAtATerminal">
    /// True: Ctrl+C (SIGINT) reaches it as at a terminal. A process inherits a SIGINT ignored — as it is for the tests
    /// when a non-interactive shell runs them in the background, as CI does — and .NET keeps ignoring it.
    /// </param>
    public static Process Start(string? connectionString, IEnumerable<string> args, IReadOnlyDictionary<string, string> environment, bool asPeopleSeeIt = false, bool pipedInput = false, bool asAtATerminal = false)
    {
        var start = new ProcessStartInfo(asAtATerminal ? "env" : "dotnet")
        {
            RedirectStandardInput = pipedInput, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = AppContext.BaseDirectory,
        };
        if (asAtATerminal)
        {
            // coreutils' env, which then becomes dotnet (the same process).
            start.ArgumentList.Add("--default-signal=INT");
            start.ArgumentList.Add("dotnet");
        }

        start.ArgumentList.Add(ServiceDll);
        foreach (var arg in args) start.ArgumentList.Add(arg);
        if (connectionString is not null) start.Environment["ConnectionStrings__Catalogue"] = connectionString;
        if (!asPeopleSeeIt) start.Environment["Logging__LogLevel__Default"] = "Warning";
        foreach (var (name, value) in environment) start.Environment[name] = value;
        return Process.Start(start)!;
    }

    /// <summary>A verb as a person at the console runs it: nothing configured but the database.</summary>
    public static async Task<(int ExitCode, string Output)> RunAsPeopleSeeItAsync(string connectionString, params string[] args)
    {
        using var process = Start(connectionString, args, new Dictionary<string, string>(), asPeopleSeeIt: true);
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output + await errors);
    }

    /// <summary>A verb fed through its standard input, as from a pipe: <c>zcat catalogue.jsonl.gz | catalogue import-jsonl /dev/stdin</c>.</summary>
    /// <returns>The exit code and everything the process wrote.</returns>
    public static async Task<(int ExitCode, string Output)> RunPipedAsync(string connectionString, byte[] input, params string[] args)
    {
        using var process = Start(connectionString, args, new Dictionary<string, string>(), pipedInput: true);
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.StandardInput.BaseStream.WriteAsync(input);
        process.StandardInput.Close();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output + await errors);
    }

    /// <summary>
    /// Verbs in a shell line, as a person types them with their redirections and pipes (<c>set -o pipefail</c>): the line
    /// names the command line <c>catalogue</c>, and its arguments <c>$1</c>, <c>$2</c>, ….
    /// </summary>
    /// <returns>The exit code and what the line wrote on standard error.</returns>
    public static async Task<(int ExitCode, string Said)> RunInShellAsync(string connectionString, string line, params string[] arguments)
    {
        var shell = new ProcessStartInfo("bash") { RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = AppContext.BaseDirectory };
        shell.ArgumentList.Add("-c");
        shell.ArgumentList.Add($"set -o pipefail; catalogue() {{ dotnet \"$CATALOGUE_DLL\" \"$@\"; }}; {line}");
        shell.ArgumentList.Add("bash");
        foreach (var argument in arguments) shell.ArgumentList.Add(argument);
        shell.Environment["CATALOGUE_DLL"] = ServiceDll;
        shell.Environment["ConnectionStrings__Catalogue"] = connectionString;
        shell.Environment["Logging__LogLevel__Default"] = "Warning";
        using var process = Process.Start(shell)!;
        var said = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, said);
    }

    /// <summary>
    /// What the command line answers before it starts anything — help, a verb that does not exist, arguments a verb
    /// refuses — asked in the tests' own process: the code a process runs first, without a process's two seconds.
    /// </summary>
    /// <returns>The exit code (null when the arguments would start the service or run a verb) and everything it wrote.</returns>
    public static async Task<(int? ExitCode, string Output)> AnswerBeforeStartAsync(params string[] args)
    {
        var written = new StringWriter();
        var exit = await global::Catalogue.Api.Hosting.CatalogueCommandLine.AnswerBeforeStartAsync(Program.Capabilities(args).Verbs, args, written, written);
        return (exit, written.ToString());
    }

    /// <summary>
    /// A verb run in the tests' own process on a running catalogue's services, as the command line runs it once the
    /// service is built (its arguments checked, the schema brought up to date): for what a verb does with the database,
    /// which a process would do the same, two seconds later. A process's own part (its exit, its console) needs <see cref="RunAsync(string, string[])"/>.
    /// </summary>
    /// <returns>The exit code and everything it wrote.</returns>
    public static async Task<(int ExitCode, string Output)> RunInProcessAsync(IServiceProvider services, params string[] args)
    {
        var written = new StringWriter();
        var exit = await Program.Capabilities(args).Verbs.RunAsync(services, args, written, written, CancellationToken.None);
        return (exit ?? throw new InvalidOperationException($"No verb of the catalogue's own runs '{string.Join(' ', args)}'."), written.ToString());
    }

    /// <returns>The exit code and everything the process wrote.</returns>
    public static Task<(int ExitCode, string Output)> RunAsync(string connectionString, params string[] args) =>
        RunAsync(connectionString, new Dictionary<string, string>(), args);

    /// <param name="environment">Settings of the deployment the command runs in, e.g. its configured keys.</param>
    public static async Task<(int ExitCode, string Output)> RunAsync(string connectionString, IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        using var process = Start(connectionString, args, environment);
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output + await errors);
    }

    /// <summary>
    /// The service itself as a process of its own on a free loopback port, with one admin key, ready to serve.
    /// Its output is drained as it comes (a full pipe would stall it) and kept for failure messages.
    /// </summary>
    /// <param name="environment">Further settings of the deployment, e.g. how long a node trusts a key it looked up.</param>
    public static async Task<ServiceProcess> StartServiceAsync(string connectionString, string adminKey, IReadOnlyDictionary<string, string>? environment = null)
    {
        var service = LaunchService(connectionString, new Dictionary<string, string>(environment ?? new Dictionary<string, string>())
        {
            ["Catalogue__ApiKeys__operator__Key"] = adminKey,
            ["Catalogue__ApiKeys__operator__Role"] = "admin",
        });
        await service.WaitUntilReadyAsync();
        return service;
    }

    /// <summary>The service as a process of its own on a free loopback port, not waited for: it may refuse to start.</summary>
    public static ServiceProcess LaunchService(string connectionString, IReadOnlyDictionary<string, string> environment)
    {
        var url = $"http://127.0.0.1:{FreeLoopbackPort()}";
        return new ServiceProcess(Start(connectionString, ["--urls", url], environment), new Uri(url));
    }

    /// <summary>
    /// The service as someone starts it from a checkout: its own embedded PostgreSQL in <paramref name="dataDirectory"/>,
    /// nothing configured, its console as they see it; on a free loopback port, not waited for.
    /// </summary>
    public static ServiceProcess LaunchEmbeddedService(string dataDirectory, IReadOnlyDictionary<string, string>? environment = null)
    {
        var url = $"http://127.0.0.1:{FreeLoopbackPort()}";
        var settings = new Dictionary<string, string>(environment ?? new Dictionary<string, string>()) { ["Catalogue__DataDirectory"] = dataDirectory };
        return new ServiceProcess(Start(null, ["--urls", url], settings, asPeopleSeeIt: true), new Uri(url));
    }

    public static int FreeLoopbackPort()
    {
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}

public sealed class ServiceProcess : IDisposable
{
    private readonly System.Text.StringBuilder _output = new();

    public ServiceProcess(Process process, Uri address)
    {
        Process = process;
        Address = address;
        // Each stream ends with a null line; taken as an empty one, the end of standard output could come before the
        // last line of standard error and show as a blank line the process never wrote.
        process.OutputDataReceived += (_, line) => Append(line.Data);
        process.ErrorDataReceived += (_, line) => Append(line.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public Process Process { get; }

    public Uri Address { get; }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (_output) _output.AppendLine(line);
    }

    public string Output
    {
        get
        {
            lock (_output) return _output.ToString();
        }
    }

    /// <summary>What it has written so far, line by line.</summary>
    public IReadOnlyList<string> Lines => Output.ReplaceLineEndings("\n").TrimEnd('\n').Split('\n');

    /// <summary>Waits until it writes a line that <paramref name="awaited"/> accepts.</summary>
    /// <returns>The lines written up to and including that one.</returns>
    public async Task<IReadOnlyList<string>> LinesUntilAsync(Func<string, bool> awaited)
    {
        var lines = await Eventually.Until(() => Lines, lines => lines.Any(awaited), "the awaited line", describe: _ => $"\n{Output}");
        return [.. lines.Take(lines.ToList().FindIndex(l => awaited(l)) + 1)];
    }

    /// <summary>As Ctrl+C or a service manager would (SIGTERM): it shuts down, and stops its embedded PostgreSQL.</summary>
    /// <returns>Its exit code.</returns>
    public async Task<int> StopAsync()
    {
        if (!Process.HasExited)
        {
            using var kill = System.Diagnostics.Process.Start("kill", ["-TERM", Process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
            await kill.WaitForExitAsync();
            using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            await Process.WaitForExitAsync(patience.Token);
        }

        return Process.ExitCode;
    }

    public async Task WaitUntilReadyAsync()
    {
        if (!await ReadyOrExitedAsync()) throw new InvalidOperationException($"the service exited ({Process.ExitCode}) before it was ready:\n{Output}");
    }

    /// <returns>True once the service is ready, false when it exited first.</returns>
    public async Task<bool> ReadyOrExitedAsync()
    {
        using var http = new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(5) };
        async Task<Start> Probe()
        {
            if (Process.HasExited) return Start.Exited;
            try
            {
                return (await http.GetAsync("/health/ready")).IsSuccessStatusCode ? Start.Ready : Start.Starting;
            }
            catch (HttpRequestException)
            {
                return Start.Starting; // not listening yet
            }
            catch (TaskCanceledException)
            {
                // Listening but still starting: on a loaded machine the first request can outlast the probe's timeout.
                return Start.Starting;
            }
        }

        var started = await Eventually.Until(
            Probe, start => start != Start.Starting, "the service to be ready or to exit", TimeSpan.FromSeconds(90), TimeSpan.FromMilliseconds(200),
            _ => $"\n{Output}");
        if (started == Start.Ready) return true;

        // The last lines it wrote may still be on their way through the pipes.
        await Process.WaitForExitAsync();
        return false;
    }

    private enum Start
    {
        Starting,
        Ready,
        Exited,
    }

    /// <summary>As the OOM killer or a power cut would: no shutdown, no flushing.</summary>
    public async Task KillAsync()
    {
        Process.Kill(entireProcessTree: true);
        await Process.WaitForExitAsync();
    }

    public void Dispose()
    {
        if (!Process.HasExited) Process.Kill(entireProcessTree: true);
        Process.Dispose();
    }
}
