using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Runtime.Versioning;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Catalogue.Api.Hosting.EmbeddedPostgres;

/// <summary>
/// A private PostgreSQL cluster run from the locally installed server programs, listening on a free loopback port.
/// The caller owns it and disposes it to stop the server.
/// </summary>
public sealed class EmbeddedPostgresCluster : IAsyncDisposable
{
    internal const string Superuser = "catalogue";

    private const int StartAttempts = 3;
    private const int LogLinesInErrors = 20;

    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(60);

    private static readonly string WindowsMessage =
        "The embedded PostgreSQL runs on Linux and macOS only. On Windows set ConnectionStrings:Catalogue " +
        "(environment variable ConnectionStrings__Catalogue) to the connection string of an existing PostgreSQL server.";

    private readonly ClusterLayout _layout;
    private readonly PostgresBinaries _binaries;
    private readonly ClusterAccount _account;
    private readonly string _socketDirectory;
    private readonly ILogger _logger;
    private readonly Lock _stopGate = new();
    private readonly bool _attached;
    private Task? _stopping;

    private EmbeddedPostgresCluster(
        ClusterLayout layout,
        PostgresBinaries binaries,
        ClusterAccount account,
        ServerLaunch launch,
        string connectionString,
        ILogger logger,
        bool attached = false)
    {
        _attached = attached;
        _layout = layout;
        _binaries = binaries;
        _account = account;
        _socketDirectory = launch.SocketDirectory;
        _logger = logger;
        Port = launch.Port;
        PostmasterProcessId = launch.PostmasterProcessId;
        ConnectionString = connectionString;
        LocalConnectionString = attached
            ? connectionString
            : new NpgsqlConnectionStringBuilder(connectionString) { Host = launch.SocketDirectory }.ConnectionString;
    }

    /// <summary>
    /// Npgsql connection string to the database, as the "catalogue" superuser over TCP on 127.0.0.1: for other
    /// processes and other OS users of this machine, and the one to give to people.
    /// </summary>
    public string ConnectionString { get; }

    /// <summary>
    /// The same database through the server's Unix-domain socket, for the process that started the server: no TCP on
    /// the way. Over loopback TCP, reads of a long history stalled 35–60 ms now and then with neither the service nor
    /// PostgreSQL running; through the socket they did not (docs/benchmarks.md, "Long histories"). The socket's folder
    /// is made anew at each start, so a process that only connects to a server another process started
    /// (<see cref="ServedByAnotherProcess"/>) is given TCP.
    /// </summary>
    public string LocalConnectionString { get; }

    public int Port { get; }

    /// <summary>
    /// True when another process started the server and this one only connects to it (a verb beside the running
    /// service, a node beside the <c>database</c> verb): stopping this one leaves the server running.
    /// </summary>
    public bool ServedByAnotherProcess => _attached;

    /// <summary>The full path of <see cref="EmbeddedPostgresOptions.DataDirectory"/>.</summary>
    public string DataDirectory => _layout.Root;

    internal int PostmasterProcessId { get; }

    /// <summary>The OS user the server runs as when it is not the service's own (the service runs as root); else null.</summary>
    public string? ClusterUser => OperatingSystem.IsWindows() ? null : _account.DelegatedUser;

    public static Task<EmbeddedPostgresCluster> StartAsync(
        EmbeddedPostgresOptions options, ILogger? logger = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (OperatingSystem.IsWindows())
        {
            throw new EmbeddedPostgresException(WindowsMessage);
        }

        return StartAsync(options, PostgresBinaries.Locate(), logger ?? NullLogger.Instance, ct);
    }

    [UnsupportedOSPlatform("windows")]
    internal static async Task<EmbeddedPostgresCluster> StartAsync(
        EmbeddedPostgresOptions options, PostgresBinaries binaries, ILogger logger, CancellationToken ct)
    {
        Validate(options);
        var layout = ClusterLayout.Under(options.DataDirectory);
        var account = await ClusterAccount.ForCurrentProcessAsync(logger, ct);

        ClusterStartLock turn;
        try
        {
            Directory.CreateDirectory(layout.Root);
            turn = await ClusterStartLock.TakeAsync(layout, logger, ct);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw Unpreparable(layout, e);
        }

        try
        {
            return await StartInTurnAsync(options, binaries, layout, account, logger, () => turn.Dispose(), ct);
        }
        finally
        {
            turn.Dispose();
        }
    }

    private static EmbeddedPostgresException Unpreparable(ClusterLayout layout, Exception e) => new(
        $"Could not prepare the embedded PostgreSQL data directory '{layout.Root}': {e.Message} " +
        "Set Catalogue:DataDirectory (environment variable Catalogue__DataDirectory) to a folder the service can write.",
        e);

    /// <param name="endTurn">Lets go of the start lock before a failed start stops the server it started, as stopping takes it.</param>
    [UnsupportedOSPlatform("windows")]
    private static async Task<EmbeddedPostgresCluster> StartInTurnAsync(
        EmbeddedPostgresOptions options, PostgresBinaries binaries, ClusterLayout layout, ClusterAccount account, ILogger logger, Action endTurn, CancellationToken ct)
    {
        string password;
        try
        {
            await account.EnsureCanReachAsync(layout.Root, [binaries.Directory, SocketDirectory.Parent], ct);
            password = ClusterPassword.ReadOrCreate(layout, logger);
            // Looked for before any file is handed over: a running server's files are never given to anyone else (found
            // from outside: a verb interrupted as it started took the cluster user for another, and handed the files of
            // the service's live cluster to that user, whose server could then read none of them).
            if (ClusterOwner.RunningForAnotherService(layout) is { } running)
            {
                // A running service owns this cluster (say, `import` run beside it), or others still use it though the
                // process that started it is gone: share its server, and stop it only as the last to use it.
                ClusterSharers.Join(layout);
                logger.LogInformation(
                    "The embedded PostgreSQL on {PgData} was started by the process with PID {Owner}{Gone}; connecting to it on port {Port}",
                    layout.PgData, running.OwnerProcessId, ClusterOwner.IsAlive(running.OwnerProcessId) ? "" : " (gone; other processes still use it)", running.Launch.Port);
                return new EmbeddedPostgresCluster(
                    layout, binaries, account, running.Launch, ConnectionStringFor(running.Launch.Port, password, options.Database), logger, attached: true);
            }

            await HandOverClusterFilesAsync(layout, account, ct);
            if (!layout.IsInitialised)
            {
                await InitialiseAsync(layout, binaries, account, options, logger, ct);
            }

            await LeftoverPostmaster.ClearAsync(layout, binaries, account, logger, ct);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw Unpreparable(layout, e);
        }

        var launch = await LaunchAsync(layout, binaries, account, options, logger, ct);
        ClusterOwner.Claim(layout);
        var connectionString = ConnectionStringFor(launch.Port, password, options.Database);
        var cluster = new EmbeddedPostgresCluster(layout, binaries, account, launch, connectionString, logger);

        try
        {
            await cluster.EnsureDatabaseAsync(options.Database, ct);
        }
        catch (Exception e)
        {
            endTurn();
            await cluster.StopQuietlyAsync();
            if (e is NpgsqlException)
            {
                throw new EmbeddedPostgresException(
                    $"PostgreSQL started on 127.0.0.1:{launch.Port} but the database '{options.Database}' could not be " +
                    $"prepared: {e.Message}. The server log is '{layout.LogFile}'.",
                    e);
            }

            throw;
        }

        logger.LogDebug(
            "Embedded PostgreSQL serves {PgData} on 127.0.0.1:{Port} (PID {Pid}, durable: {Durable})",
            layout.PgData,
            launch.Port,
            launch.PostmasterProcessId,
            options.Durable);
        return cluster;
    }

    /// <summary>
    /// A streaming replica of this cluster in <paramref name="options"/>' data directory: a base backup of it
    /// (<c>pg_basebackup -R -X stream</c>, the first time), then a hot standby on a loopback port of its own that
    /// replays the primary's WAL as it is written, read-only. The same superuser and password as the primary's.
    /// </summary>
    public Task<EmbeddedPostgresCluster> StartReplicaAsync(EmbeddedPostgresOptions options, ILogger? logger = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (OperatingSystem.IsWindows()) throw new EmbeddedPostgresException(WindowsMessage);
        return StartReplicaOfAsync(options, logger ?? NullLogger.Instance, ct);
    }

    [UnsupportedOSPlatform("windows")]
    private async Task<EmbeddedPostgresCluster> StartReplicaOfAsync(EmbeddedPostgresOptions options, ILogger logger, CancellationToken ct)
    {
        Validate(options);
        var layout = ClusterLayout.Under(options.DataDirectory);
        var password = new NpgsqlConnectionStringBuilder(ConnectionString).Password!;
        Directory.CreateDirectory(layout.Root);
        await _account.EnsureCanReachAsync(layout.Root, [_binaries.Directory, SocketDirectory.Parent], ct);
        if (!File.Exists(layout.PasswordFile)) await File.WriteAllTextAsync(layout.PasswordFile, password + "\n", ct);
        File.SetUnixFileMode(layout.PasswordFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        // The standby signs in to the primary with a password file of libpq's own format, handed to the cluster user
        // with the rest: never on a command line, where any local user could read it.
        var passfile = Path.Combine(layout.Root, "primary.pgpass");
        await File.WriteAllTextAsync(passfile, $"127.0.0.1:{Port}:*:{Superuser}:{password}\n", ct);
        File.SetUnixFileMode(passfile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        await HandOverClusterFilesAsync(layout, _account, ct);
        if (_account.DelegatedUser is not null) await _account.TakeOwnershipAsync(passfile, recursive: false, ct);

        if (!layout.IsInitialised)
        {
            logger.LogInformation("Copying the primary on 127.0.0.1:{Port} into the replica in {PgData}", Port, layout.PgData);
            var copied = await _account.RunAsync(
                _binaries.PgBaseBackup,
                ["-d", $"host=127.0.0.1 port={Port} user={Superuser} passfile={passfile}", "-D", layout.PgData, "-R", "-X", "stream", "--checkpoint=fast",
                    .. options.Durable ? Array.Empty<string>() : ["--no-sync"]],
                options.StartTimeout + TimeSpan.FromMinutes(5),
                ct);
            if (!copied.Succeeded)
            {
                throw new EmbeddedPostgresException(
                    $"pg_basebackup could not copy the primary on 127.0.0.1:{Port} into '{layout.PgData}' (exit code {copied.ExitCode}):\n{copied.Output}");
            }
        }

        await LeftoverPostmaster.ClearAsync(layout, _binaries, _account, logger, ct);
        var launch = await LaunchAsync(layout, _binaries, _account, options, logger, ct);
        ClusterOwner.Claim(layout);
        logger.LogDebug("Replica of 127.0.0.1:{Primary} serves {PgData} on 127.0.0.1:{Port}", Port, layout.PgData, launch.Port);
        return new EmbeddedPostgresCluster(layout, _binaries, _account, launch, ConnectionStringFor(launch.Port, password, options.Database), logger);
    }

    /// <summary>
    /// Stops the server still running on <paramref name="dataDirectory"/> when the process that started it is gone (a
    /// killed test run leaves its throwaway clusters running, and no later start looks at their folders again). A
    /// cluster whose owner is alive, or that is not running, is left alone.
    /// </summary>
    /// <returns>True when the cluster was left by a process that is gone; its server, if it still ran, is stopped.</returns>
    public static async Task<bool> StopIfOrphanedAsync(string dataDirectory, ILogger? logger = null, CancellationToken ct = default)
    {
        if (OperatingSystem.IsWindows()) return false;
        var layout = ClusterLayout.Under(dataDirectory);
        if (!ClusterOwner.IsOrphaned(layout)) return false;
        if (!File.Exists(layout.PidFile)) return true;

        logger ??= NullLogger.Instance;
        await LeftoverPostmaster.ClearAsync(layout, PostgresBinaries.Locate(), await ClusterAccount.ForCurrentProcessAsync(logger, ct), logger, ct);
        return true;
    }

    /// <summary>pg_ctl stop -m fast; calling it again, or after another start took the cluster over, does nothing.</summary>
    public Task StopAsync()
    {
        lock (_stopGate)
        {
            return _stopping ??= StopOnceAsync();
        }
    }

    public ValueTask DisposeAsync() => new(StopAsync());

    private async Task StopOnceAsync()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        // Decided and done in turn: a process starting beside this one would otherwise share a server this one stops.
        using var turn = await ClusterStartLock.TakeAsync(_layout, _logger, CancellationToken.None);

        if (_attached)
        {
            ClusterSharers.Leave(_layout);
            // The process that started the server is gone and no other uses it: this one, the last, stops it.
            if (!ClusterOwner.IsOrphaned(_layout)) return;
            _logger.LogInformation("The embedded PostgreSQL on {PgData} is used by no other process now; stopping it", _layout.PgData);
        }
        else if (ClusterSharers.Others(_layout) is { Count: > 0 } sharers)
        {
            // Stopping it would take their database from under them; the last of them stops it.
            _logger.LogInformation(
                "The embedded PostgreSQL on {PgData} is left running for the processes that still use it (PIDs {Sharers}); the last of them stops it",
                _layout.PgData, string.Join(", ", sharers));
            return;
        }
        else
        {
            ClusterOwner.Release(_layout);
        }
        foreach (var pooled in new[] { ConnectionString, LocalConnectionString })
        {
            using var connection = new NpgsqlConnection(pooled);
            NpgsqlConnection.ClearPool(connection);
        }

        try
        {
            // A later start on this directory may have taken the cluster over; its server is not ours to stop.
            if (!IsStillOurs())
            {
                _logger.LogInformation(
                    "Embedded PostgreSQL (PID {Pid}) on {PgData} is no longer running under this launcher; nothing to stop",
                    PostmasterProcessId,
                    _layout.PgData);
                return;
            }

            var stop = await _account.RunAsync(
                _binaries.PgCtl,
                ["stop", "-D", _layout.PgData, "-m", "fast", "-w", "-t", Seconds(StopTimeout)],
                StopTimeout + TimeSpan.FromSeconds(15),
                CancellationToken.None);
            if (stop.Succeeded)
            {
                _logger.LogInformation("Embedded PostgreSQL on {PgData} stopped", _layout.PgData);
            }
            else if (!LeftoverPostmaster.IsPostgresProcess(PostmasterProcessId))
            {
                // It died on its own (killed, crashed); the next start clears its lock file.
                _logger.LogWarning(
                    "Embedded PostgreSQL (PID {Pid}) on {PgData} had already stopped without cleaning up: {Output}",
                    PostmasterProcessId,
                    _layout.PgData,
                    stop.Output);
            }
            else
            {
                throw new EmbeddedPostgresException(
                    $"pg_ctl could not stop the embedded PostgreSQL on '{_layout.PgData}' (PID {PostmasterProcessId}): {stop.Output}");
            }
        }
        finally
        {
            SocketDirectory.DeleteQuietly(_socketDirectory);
        }
    }

    private static string ConnectionStringFor(int port, string password, string database) => new NpgsqlConnectionStringBuilder
    {
        Host = IPAddress.Loopback.ToString(),
        Port = port,
        Username = Superuser,
        Password = password,
        Database = database,
    }.ConnectionString;

    private bool IsStillOurs()
    {
        try
        {
            return File.ReadLines(_layout.PidFile).FirstOrDefault()?.Trim() ==
                   PostmasterProcessId.ToString(CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    private async Task StopQuietlyAsync()
    {
        try
        {
            await StopAsync();
        }
        catch (EmbeddedPostgresException e)
        {
            _logger.LogWarning(e, "Could not stop the embedded PostgreSQL after a failed start");
        }
    }

    private async Task EnsureDatabaseAsync(string database, CancellationToken ct)
    {
        var maintenance = new NpgsqlConnectionStringBuilder(ConnectionString) { Database = "postgres", Pooling = false };
        await using var connection = new NpgsqlConnection(maintenance.ConnectionString);
        await connection.OpenAsync(ct);

        await using var exists = new NpgsqlCommand("select 1 from pg_database where datname = $1", connection);
        exists.Parameters.Add(new NpgsqlParameter { Value = database });
        if (await exists.ExecuteScalarAsync(ct) is not null)
        {
            return;
        }

        var quoted = "\"" + database.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
        await using var create = new NpgsqlCommand($"create database {quoted}", connection);
        await create.ExecuteNonQueryAsync(ct);
        _logger.LogDebug("Created the database {Database} in the embedded PostgreSQL", database);
    }

    private static void Validate(EmbeddedPostgresOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.DataDirectory))
        {
            throw new EmbeddedPostgresException(
                "No data directory was given for the embedded PostgreSQL: set Catalogue:DataDirectory.");
        }

        if (string.IsNullOrWhiteSpace(options.Database) || options.Database.Length > 63)
        {
            throw new EmbeddedPostgresException(
                $"'{options.Database}' cannot name a PostgreSQL database: use 1 to 63 characters.");
        }

        if (options.StartTimeout <= TimeSpan.Zero)
        {
            throw new EmbeddedPostgresException("The embedded PostgreSQL start timeout must be positive.");
        }
    }

    /// <summary>
    /// Gives the cluster user (root only) the cluster's own files and nothing else: the data directory and whatever the
    /// service keeps beside the cluster (its API key, the checkpoint signing key) stay the service user's, owner-only.
    /// The folder itself only lets others pass through to the cluster.
    /// </summary>
    [UnsupportedOSPlatform("windows")]
    private static async Task HandOverClusterFilesAsync(ClusterLayout layout, ClusterAccount account, CancellationToken ct)
    {
        if (account.DelegatedUser is null) return;

        const UnixFileMode passThrough = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;
        File.SetUnixFileMode(layout.Root, File.GetUnixFileMode(layout.Root) | passThrough);
        if (!Directory.Exists(layout.PgData))
        {
            Directory.CreateDirectory(layout.PgData, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        if (!File.Exists(layout.LogFile))
        {
            await using (new FileStream(layout.LogFile, new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite }))
            {
            }
        }

        await account.TakeOwnershipAsync(layout.PgData, recursive: true, ct);
        await account.TakeOwnershipAsync(layout.LogFile, recursive: false, ct);
        // initdb reads the password from it; it grants what the cluster user has anyway.
        await account.TakeOwnershipAsync(layout.PasswordFile, recursive: false, ct);
        // A data directory from before this rule was handed over whole, the service's keys with it: take back the rest.
        await account.ReturnToServiceUserAsync(
            [layout.Root, .. Directory.EnumerateFileSystemEntries(layout.Root).Where(e => e != layout.PgData && e != layout.LogFile && e != layout.PasswordFile)],
            ct);
    }

    [UnsupportedOSPlatform("windows")]
    private static async Task InitialiseAsync(
        ClusterLayout layout,
        PostgresBinaries binaries,
        ClusterAccount account,
        EmbeddedPostgresOptions options,
        ILogger logger,
        CancellationToken ct)
    {
        logger.LogInformation("First start: creating the PostgreSQL cluster in {PgData}", layout.PgData);
        var timeout = options.StartTimeout > TimeSpan.FromMinutes(2) ? options.StartTimeout : TimeSpan.FromMinutes(2);
        string[] arguments =
        [
            "-D", layout.PgData,
            "-U", Superuser,
            "--pwfile=" + layout.PasswordFile,
            "--auth-local=" + SocketSignIn.Method,
            "--auth-host=scram-sha-256",
            "--encoding=UTF8",
            .. options.Durable ? Array.Empty<string>() : ["--no-sync"],
        ];

        var result = await account.RunAsync(binaries.InitDb, [.. arguments, "--locale=C.UTF-8"], timeout, ct);
        if (!result.Succeeded && result.Output.Contains("locale", StringComparison.OrdinalIgnoreCase) && !layout.IsInitialised)
        {
            logger.LogInformation("The C.UTF-8 locale is not installed; initialising the cluster without a locale");
            result = await account.RunAsync(binaries.InitDb, [.. arguments, "--no-locale"], timeout, ct);
        }

        if (!result.Succeeded)
        {
            throw new EmbeddedPostgresException(
                $"initdb could not create the PostgreSQL cluster in '{layout.PgData}' (exit code {result.ExitCode}):\n{result.Output}");
        }
    }

    internal sealed record ServerLaunch(int Port, string SocketDirectory, int PostmasterProcessId);

    [UnsupportedOSPlatform("windows")]
    private static async Task<ServerLaunch> LaunchAsync(
        ClusterLayout layout,
        PostgresBinaries binaries,
        ClusterAccount account,
        EmbeddedPostgresOptions options,
        ILogger logger,
        CancellationToken ct)
    {
        // Read at start, as the other settings of a start are given: a primary's and a replica's alike.
        if (SocketSignIn.EnsurePassword(layout))
        {
            logger.LogInformation("The superuser now signs in with its password over the socket too ({HbaFile})", SocketSignIn.HbaFile(layout));
        }

        for (var attempt = 1; ; attempt++)
        {
            var port = options.Port ?? FreeLoopbackPort();
            var socketDirectory = await SocketDirectory.CreateAsync(account, ct);
            var logStart = LengthOf(layout.LogFile);
            CommandResult started;
            try
            {
                started = await account.RunAsync(
                    binaries.PgCtl,
                    [
                        "start", "-D", layout.PgData, "-l", layout.LogFile, "-w", "-t", Seconds(options.StartTimeout),
                        "-o", ServerOptions(port, socketDirectory, options),
                    ],
                    options.StartTimeout + TimeSpan.FromSeconds(15),
                    ct);
            }
            catch
            {
                await StopHalfStartedAsync(layout, binaries, account);
                SocketDirectory.DeleteQuietly(socketDirectory);
                throw;
            }

            if (started.Succeeded && ReadPostmasterProcessId(layout) is { } pid)
            {
                return new ServerLaunch(port, socketDirectory, pid);
            }

            var logTail = ReadLogTail(layout.LogFile, logStart);
            await StopHalfStartedAsync(layout, binaries, account);
            SocketDirectory.DeleteQuietly(socketDirectory);

            // Another process may grab the port between our probe and the server's bind. A port given is not traded for
            // another: the start ends at once, saying which (found from outside: "trying another port" twice, the same).
            if (options.Port is { } given && logTail.Contains("could not bind", StringComparison.OrdinalIgnoreCase))
            {
                throw new EmbeddedPostgresException(
                    $"Port {given}, the one asked for (Catalogue:EmbeddedPostgres:Port), is taken by another program: stop it, or name another port.\n"
                    + $"Last lines of the server log '{layout.LogFile}':\n{logTail}");
            }

            if (attempt < StartAttempts && logTail.Contains("could not bind", StringComparison.OrdinalIgnoreCase))
            {
                logger.LogWarning("Port {Port} was taken before PostgreSQL could bind it; trying another port", port);
                continue;
            }

            throw new EmbeddedPostgresException(
                $"PostgreSQL did not start from '{layout.PgData}' on 127.0.0.1:{port} " +
                $"(pg_ctl exit code {started.ExitCode}): {started.Output}\n" +
                $"Last lines of the server log '{layout.LogFile}':\n{logTail}");
        }
    }

    /// <summary>
    /// Settings given on each start rather than stored, so the port, socket folder and durability follow the
    /// options of this start. pg_ctl hands the string to /bin/sh, hence the quoting.
    /// </summary>
    private static string ServerOptions(int port, string socketDirectory, EmbeddedPostgresOptions options)
    {
        var onOff = options.Durable ? "on" : "off";
        return string.Join(
            ' ',
            [
                $"-p {port}",
                "-c listen_addresses=127.0.0.1",
                $"-c unix_socket_directories={ExternalCommand.ShellQuote(socketDirectory)}",
                $"-c fsync={onOff}",
                $"-c synchronous_commit={onOff}",
                $"-c full_page_writes={onOff}",
                .. options.SharedBuffersMegabytes is { } megabytes ? [$"-c shared_buffers={megabytes}MB"] : Array.Empty<string>(),
            ]);
    }

    /// <summary>After a failed or timed-out pg_ctl start the server may still be coming up: make sure it goes.</summary>
    [UnsupportedOSPlatform("windows")]
    private static async Task StopHalfStartedAsync(ClusterLayout layout, PostgresBinaries binaries, ClusterAccount account)
    {
        if (!File.Exists(layout.PidFile))
        {
            return;
        }

        try
        {
            await account.RunAsync(
                binaries.PgCtl,
                ["stop", "-D", layout.PgData, "-m", "immediate", "-w", "-t", "30"],
                TimeSpan.FromSeconds(45),
                CancellationToken.None);
        }
        catch (EmbeddedPostgresException)
        {
            // The start failure is the error worth reporting.
        }
    }

    private static int? ReadPostmasterProcessId(ClusterLayout layout)
    {
        try
        {
            return int.TryParse(File.ReadLines(layout.PidFile).FirstOrDefault(), out var pid) ? pid : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static int FreeLoopbackPort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        try
        {
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }
        finally
        {
            listener.Stop();
        }
    }

    private static long LengthOf(string file) => File.Exists(file) ? new FileInfo(file).Length : 0;

    private static string ReadLogTail(string logFile, long from)
    {
        try
        {
            using var stream = new FileStream(logFile, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            stream.Seek(Math.Min(from, stream.Length), SeekOrigin.Begin);
            using var reader = new StreamReader(stream);
            var lines = reader.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries);
            return lines.Length == 0 ? "(the server wrote nothing)" : string.Join('\n', lines.TakeLast(LogLinesInErrors));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return $"(the server log could not be read: {e.Message})";
        }
    }

    private static string Seconds(TimeSpan timeout) =>
        ((int)Math.Ceiling(timeout.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
}
