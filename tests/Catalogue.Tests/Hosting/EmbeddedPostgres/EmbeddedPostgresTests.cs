using System.Diagnostics;
using System.Globalization;
using System.Runtime.Versioning;
using Catalogue.Api.Hosting.EmbeddedPostgres;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Catalogue.Tests.Hosting.EmbeddedPostgres;

// These tests start real clusters from the PostgreSQL programs installed on the machine
// (/usr/lib/postgresql/15/bin here). Run as root, they also exercise the hand-over to an unprivileged user.
// Every cluster lives under the temp directory, is stopped, and its folder deleted afterwards.

[UnsupportedOSPlatform("windows")]
public sealed class when_the_embedded_cluster_starts_for_the_first_time(
    when_the_embedded_cluster_starts_for_the_first_time.FirstStart start)
    : IClassFixture<when_the_embedded_cluster_starts_for_the_first_time.FirstStart>
{
    [Fact]
    public void it_initialises_a_cluster_in_the_data_directory()
    {
        Assert.True(File.Exists(Path.Combine(ClusterLayout.Under(start.Cluster.DataDirectory).PgData, "PG_VERSION")));
        Assert.Equal(Path.Combine(start.Folder.Path, "pgdata"), ClusterLayout.Under(start.Cluster.DataDirectory).PgData);
    }

    [Fact]
    public async Task it_answers_sql_in_the_catalogue_database_over_loopback_tcp()
    {
        Assert.Equal(1, await Sql.ScalarAsync<int>(start.Cluster, "select 1"));
        Assert.Equal("catalogue", await Sql.ScalarAsync<string>(start.Cluster, "select current_database()"));
        Assert.Equal("127.0.0.1", await Sql.ScalarAsync<string>(start.Cluster, "select host(inet_server_addr())"));
        Assert.Equal(start.Cluster.Port, await Sql.ScalarAsync<int>(start.Cluster, "select inet_server_port()"));
    }

    [Fact]
    public async Task the_process_that_started_it_signs_in_through_its_socket_with_the_password()
    {
        await using var connection = new NpgsqlConnection(start.Cluster.LocalConnectionString);
        await connection.OpenAsync();
        await using var where = new NpgsqlCommand("select inet_server_addr() is null, current_user, current_database()", connection);
        await using var row = await where.ExecuteReaderAsync();
        await row.ReadAsync();

        Assert.StartsWith("/", new NpgsqlConnectionStringBuilder(start.Cluster.LocalConnectionString).Host);
        Assert.True(row.GetBoolean(0), "A connection through a Unix-domain socket has no server address.");
        Assert.Equal("catalogue", row.GetString(1));
        Assert.Equal("catalogue", row.GetString(2));
    }

    [Fact]
    public async Task a_wrong_password_is_refused_at_the_socket_too()
    {
        var intruder = new NpgsqlConnectionStringBuilder(start.Cluster.LocalConnectionString) { Password = "not-the-password", Pooling = false };
        await using var connection = new NpgsqlConnection(intruder.ConnectionString);

        var refused = await Assert.ThrowsAsync<PostgresException>(() => connection.OpenAsync());
        Assert.Equal(PostgresErrorCodes.InvalidPassword, refused.SqlState);
    }

    [Fact]
    public async Task a_throwaway_cluster_trades_durability_for_speed()
    {
        Assert.Equal("off", await Sql.ScalarAsync<string>(start.Cluster, "show fsync"));
        Assert.Equal("off", await Sql.ScalarAsync<string>(start.Cluster, "show synchronous_commit"));
        Assert.Equal("off", await Sql.ScalarAsync<string>(start.Cluster, "show full_page_writes"));
    }

    [Fact]
    public void the_superuser_password_is_kept_where_only_its_owner_can_read_it()
    {
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(ClusterLayout.Under(start.Cluster.DataDirectory).PasswordFile));
        var password = File.ReadAllText(ClusterLayout.Under(start.Cluster.DataDirectory).PasswordFile).Trim();
        Assert.Equal(password, new NpgsqlConnectionStringBuilder(start.Cluster.ConnectionString).Password);
    }

    [Fact]
    public async Task a_wrong_password_is_refused()
    {
        var intruder = new NpgsqlConnectionStringBuilder(start.Cluster.ConnectionString)
        {
            Password = "not-the-password",
            Pooling = false,
        };
        await using var connection = new NpgsqlConnection(intruder.ConnectionString);

        var refused = await Assert.ThrowsAsync<PostgresException>(() => connection.OpenAsync());
        Assert.Equal(PostgresErrorCodes.InvalidPassword, refused.SqlState);
    }

    public sealed class FirstStart : IAsyncLifetime
    {
        public ThrowawayDataDirectory Folder { get; } = new();

        public EmbeddedPostgresCluster Cluster { get; private set; } = null!;

        public async Task InitializeAsync() => Cluster = await EmbeddedPostgresCluster.StartAsync(Folder.Options());

        public async Task DisposeAsync()
        {
            await Cluster.DisposeAsync();
            Folder.Dispose();
        }
    }
}

[UnsupportedOSPlatform("windows")]
public sealed class when_the_embedded_cluster_restarts(when_the_embedded_cluster_restarts.Restart restart)
    : IClassFixture<when_the_embedded_cluster_restarts.Restart>
{
    [Fact]
    public async Task the_records_written_before_the_stop_are_still_there()
    {
        Assert.Equal("Fond 12, opis 3", await Sql.ScalarAsync<string>(restart.Restarted, "select title from finding_aid"));
    }

    [Fact]
    public void it_reuses_the_cluster_and_its_password()
    {
        Assert.Equal(restart.PasswordAtFirstStart, File.ReadAllText(ClusterLayout.Under(restart.Restarted.DataDirectory).PasswordFile));
        Assert.DoesNotContain(restart.Log.Messages, message => message.Contains("Initialising", StringComparison.Ordinal));
    }

    [Fact]
    public async Task a_durable_start_turns_fsync_synchronous_commit_and_full_page_writes_on()
    {
        Assert.Equal("on", await Sql.ScalarAsync<string>(restart.Restarted, "show fsync"));
        Assert.Equal("on", await Sql.ScalarAsync<string>(restart.Restarted, "show synchronous_commit"));
        Assert.Equal("on", await Sql.ScalarAsync<string>(restart.Restarted, "show full_page_writes"));
    }

    [Fact]
    public async Task a_cluster_that_serves_a_catalogue_caches_as_much_as_it_was_given_and_a_throwaway_one_keeps_the_default()
    {
        Assert.Equal("256MB", await Sql.ScalarAsync<string>(restart.Restarted, "show shared_buffers"));
        Assert.Equal(128, restart.FirstSharedBuffersMegabytes);
    }

    [Theory]
    [InlineData(512L * 1024 * 1024, 128)]
    [InlineData(4L * 1024 * 1024 * 1024, 512)]
    [InlineData(24L * 1024 * 1024 * 1024, 1024)]
    public void the_service_gives_its_cluster_an_eighth_of_its_memory_within_bounds(long availableBytes, int megabytes) =>
        Assert.Equal(megabytes, EmbeddedPostgresOptions.SharedBuffersFor(availableBytes));

    [Fact]
    public async Task a_cluster_made_when_its_socket_asked_for_peer_lets_the_superuser_in_by_password_once_restarted()
    {
        await using var connection = new NpgsqlConnection(restart.Restarted.LocalConnectionString);
        await connection.OpenAsync();
        await using var title = new NpgsqlCommand("select title from finding_aid", connection);

        Assert.Equal("Fond 12, opis 3", await title.ExecuteScalarAsync());
        Assert.Contains(restart.Log.Messages, message => message.Contains("signs in with its password over the socket", StringComparison.Ordinal));
        Assert.Matches(@"(?m)^local\s+all\s+all\s+scram-sha-256\s*$", File.ReadAllText(Path.Combine(ClusterLayout.Under(restart.Restarted.DataDirectory).PgData, "pg_hba.conf")));
    }

    [Fact]
    public void stopping_twice_did_no_harm()
    {
        Assert.True(restart.SecondStopCompleted);
        Assert.False(Postmaster.IsRunning(restart.FirstProcessId));
    }

    public sealed class Restart : IAsyncLifetime
    {
        private readonly ThrowawayDataDirectory _folder = new();

        public LauncherLog Log { get; } = new();

        public EmbeddedPostgresCluster Restarted { get; private set; } = null!;

        public string PasswordAtFirstStart { get; private set; } = "";

        public int FirstProcessId { get; private set; }

        public int FirstSharedBuffersMegabytes { get; private set; }

        public bool SecondStopCompleted { get; private set; }

        public async Task InitializeAsync()
        {
            var first = await EmbeddedPostgresCluster.StartAsync(_folder.Options());
            try
            {
                PasswordAtFirstStart = File.ReadAllText(ClusterLayout.Under(first.DataDirectory).PasswordFile);
                FirstProcessId = first.PostmasterProcessId;
                // shared_buffers in 8 kB pages, as pg_settings keeps it.
                FirstSharedBuffersMegabytes = int.Parse(await Sql.ScalarAsync<string>(first, "select setting from pg_settings where name = 'shared_buffers'"), CultureInfo.InvariantCulture) * 8 / 1024;
                await Sql.ExecuteAsync(first, "create table finding_aid (title text); insert into finding_aid values ('Fond 12, opis 3')");
            }
            finally
            {
                await first.StopAsync();
            }

            await first.StopAsync();
            SecondStopCompleted = true;

            // Clusters made before the service used the socket were given initdb's "peer" there.
            var hba = Path.Combine(ClusterLayout.Under(first.DataDirectory).PgData, "pg_hba.conf");
            File.WriteAllText(hba, System.Text.RegularExpressions.Regex.Replace(
                File.ReadAllText(hba), @"(?m)^(local\s+all\s+all\s+)scram-sha-256", "${1}peer"));

            Restarted = await EmbeddedPostgresCluster.StartAsync(_folder.Options() with { Durable = true, SharedBuffersMegabytes = 256 }, Log);
        }

        public async Task DisposeAsync()
        {
            if (Restarted is not null)
            {
                await Restarted.DisposeAsync();
            }

            _folder.Dispose();
        }
    }
}

[UnsupportedOSPlatform("windows")]
public sealed class when_a_crash_left_a_stale_postmaster_pid(when_a_crash_left_a_stale_postmaster_pid.Crash crash)
    : IClassFixture<when_a_crash_left_a_stale_postmaster_pid.Crash>
{
    [Fact]
    public async Task the_cluster_starts_anyway()
    {
        Assert.Equal(1, await Sql.ScalarAsync<int>(crash.Restarted, "select 1"));
    }

    [Fact]
    public void the_lock_file_now_names_the_new_server()
    {
        var lockedBy = File.ReadLines(Path.Combine(ClusterLayout.Under(crash.Restarted.DataDirectory).PgData, "postmaster.pid")).First();
        Assert.Equal(crash.Restarted.PostmasterProcessId.ToString(CultureInfo.InvariantCulture), lockedBy);
        Assert.NotEqual(crash.DeadProcessId, crash.Restarted.PostmasterProcessId);
    }

    [Fact]
    public void the_launcher_says_it_removed_the_stale_lock_file()
    {
        Assert.Contains(crash.Log.Messages, message =>
            message.Contains("stale lock file", StringComparison.Ordinal)
            && message.Contains(crash.DeadProcessId.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal));
    }

    public sealed class Crash : IAsyncLifetime
    {
        private readonly ThrowawayDataDirectory _folder = new();

        public LauncherLog Log { get; } = new();

        public int DeadProcessId { get; } = Postmaster.UnusedProcessId();

        public EmbeddedPostgresCluster Restarted { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            var crashed = await EmbeddedPostgresCluster.StartAsync(_folder.Options());
            var port = crashed.Port;
            var pgData = ClusterLayout.Under(crashed.DataDirectory).PgData;
            await crashed.StopAsync();

            // What a server killed by a power cut leaves behind: a lock file naming a process that is gone.
            File.WriteAllText(
                Path.Combine(pgData, "postmaster.pid"),
                $"{DeadProcessId}\n{pgData}\n1700000000\n{port}\n/tmp\n127.0.0.1\n  5432001  32768\nready   \n");

            Restarted = await EmbeddedPostgresCluster.StartAsync(_folder.Options(), Log);
        }

        public async Task DisposeAsync()
        {
            if (Restarted is not null)
            {
                await Restarted.DisposeAsync();
            }

            _folder.Dispose();
        }
    }
}

[UnsupportedOSPlatform("windows")]
public sealed class when_an_orphaned_cluster_still_runs_on_the_data_directory(
    when_an_orphaned_cluster_still_runs_on_the_data_directory.Takeover takeover)
    : IClassFixture<when_an_orphaned_cluster_still_runs_on_the_data_directory.Takeover>
{
    [Fact]
    public void the_orphaned_server_is_stopped()
    {
        Assert.False(Postmaster.IsRunning(takeover.OrphanProcessId));
        Assert.NotEqual(takeover.OrphanProcessId, takeover.Successor.PostmasterProcessId);
    }

    [Fact]
    public async Task the_new_start_serves_what_the_orphan_wrote()
    {
        Assert.Equal("Delo 7", await Sql.ScalarAsync<string>(takeover.Successor, "select title from accession"));
    }

    [Fact]
    public void the_launcher_says_it_took_the_cluster_over()
    {
        Assert.Contains(takeover.Log.Messages, message =>
            message.Contains("orphaned", StringComparison.Ordinal)
            && message.Contains(takeover.OrphanProcessId.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal));
    }

    [Fact]
    public async Task disposing_the_forgotten_launcher_leaves_the_new_server_running()
    {
        await takeover.Orphan.DisposeAsync();

        Assert.Equal(1, await Sql.ScalarAsync<int>(takeover.Successor, "select 1"));
    }

    public sealed class Takeover : IAsyncLifetime
    {
        private readonly ThrowawayDataDirectory _folder = new();

        public LauncherLog Log { get; } = new();

        /// <summary>The launcher of a service that was killed: its server still runs, nobody will stop it.</summary>
        public EmbeddedPostgresCluster Orphan { get; private set; } = null!;

        public int OrphanProcessId { get; private set; }

        public EmbeddedPostgresCluster Successor { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            Orphan = await EmbeddedPostgresCluster.StartAsync(_folder.Options());
            OrphanProcessId = Orphan.PostmasterProcessId;
            await Sql.ExecuteAsync(Orphan, "create table accession (title text); insert into accession values ('Delo 7')");

            Successor = await EmbeddedPostgresCluster.StartAsync(_folder.Options(), Log);
        }

        public async Task DisposeAsync()
        {
            // The successor first; the orphan's launcher then finds nothing of its own to stop — unless the
            // takeover failed, in which case it stops its own server.
            if (Successor is not null)
            {
                await Successor.DisposeAsync();
            }

            if (Orphan is not null)
            {
                await Orphan.DisposeAsync();
            }

            _folder.Dispose();
        }
    }
}

[UnsupportedOSPlatform("windows")]
public sealed class when_the_process_that_started_a_cluster_is_gone
{
    [Fact]
    public async Task a_sweep_stops_its_server_and_leaves_a_cluster_whose_owner_lives()
    {
        using var orphaned = new ThrowawayDataDirectory("orphaned-cluster-test-");
        using var owned = new ThrowawayDataDirectory();
        await using var left = await EmbeddedPostgresCluster.StartAsync(orphaned.Options());
        await using var kept = await EmbeddedPostgresCluster.StartAsync(owned.Options());
        using var killedRun = Process.Start(new ProcessStartInfo("true") { UseShellExecute = false })!;
        await killedRun.WaitForExitAsync();
        // As if a test run that was killed had started it: its owner is a process that no longer exists.
        await File.WriteAllTextAsync(System.IO.Path.Combine(orphaned.Path, "owner.pid"), killedRun.Id.ToString(CultureInfo.InvariantCulture));

        Assert.True(await EmbeddedPostgresCluster.StopIfOrphanedAsync(orphaned.Path));
        Assert.False(await EmbeddedPostgresCluster.StopIfOrphanedAsync(owned.Path));

        Assert.False(Postmaster.IsRunning(left.PostmasterProcessId));
        Assert.True(Postmaster.IsRunning(kept.PostmasterProcessId));
        Assert.Equal(1, await Sql.ScalarAsync<int>(kept, "select 1"));
        // Stopped, it is still a folder left by a run that is gone: the sweep deletes it.
        Assert.True(await EmbeddedPostgresCluster.StopIfOrphanedAsync(orphaned.Path));
    }
}

[UnsupportedOSPlatform("windows")]
public sealed class when_a_running_service_already_serves_the_data_directory
{
    [Fact]
    public async Task a_second_process_shares_its_server_and_leaves_it_running()
    {
        using var folder = new ThrowawayDataDirectory();
        await using var service = await EmbeddedPostgresCluster.StartAsync(folder.Options());
        await Sql.ExecuteAsync(service, "create table accession (title text); insert into accession values ('Delo 7')");
        using var otherService = Process.Start(new ProcessStartInfo("sleep", "120") { UseShellExecute = false })!;
        try
        {
            // As if a service in another process had started the cluster, and `import` now runs beside it.
            await File.WriteAllTextAsync(System.IO.Path.Combine(folder.Path, "owner.pid"), otherService.Id.ToString(CultureInfo.InvariantCulture));

            var importer = await EmbeddedPostgresCluster.StartAsync(folder.Options());
            Assert.Equal(service.Port, importer.Port);
            Assert.Equal("Delo 7", await Sql.ScalarAsync<string>(importer, "select title from accession"));
            await importer.DisposeAsync();

            Assert.Equal(1, await Sql.ScalarAsync<int>(service, "select 1"));
        }
        finally
        {
            otherService.Kill();
        }
    }
}

[UnsupportedOSPlatform("windows")]
public sealed class when_no_postgres_programs_are_installed
{
    [Fact]
    public void the_message_says_what_to_install_or_how_to_use_an_existing_server()
    {
        using var nothing = new ThrowawayDataDirectory();
        Directory.CreateDirectory(nothing.Path);

        var missing = Assert.Throws<EmbeddedPostgresException>(() =>
            PostgresBinaries.Locate(null, nothing.Path, PostgresBinaries.UsualDirectories(nothing.Path)));

        Assert.Contains("apt-get install postgresql", missing.Message, StringComparison.Ordinal);
        Assert.Contains("brew install postgresql@", missing.Message, StringComparison.Ordinal);
        Assert.Contains("ConnectionStrings:Catalogue", missing.Message, StringComparison.Ordinal);
        Assert.Contains("ConnectionStrings__Catalogue", missing.Message, StringComparison.Ordinal);
        Assert.Contains("CATALOGUE_PG_BIN", missing.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void a_CATALOGUE_PG_BIN_without_the_programs_is_named()
    {
        using var empty = new ThrowawayDataDirectory();
        Directory.CreateDirectory(empty.Path);

        var wrong = Assert.Throws<EmbeddedPostgresException>(() =>
            PostgresBinaries.Locate(empty.Path, "/usr/lib/postgresql/15/bin", []));

        Assert.Contains($"CATALOGUE_PG_BIN is set to '{empty.Path}'", wrong.Message, StringComparison.Ordinal);
    }
}

[UnsupportedOSPlatform("windows")]
public sealed class when_looking_for_the_postgres_programs : IDisposable
{
    private readonly ThrowawayDataDirectory _machine = new();

    [Fact]
    public void CATALOGUE_PG_BIN_comes_before_PATH()
    {
        var configured = FakeInstall("opt/pg/bin");
        var onPath = FakeInstall("usr/bin");

        Assert.Equal(configured, PostgresBinaries.Locate(configured, onPath, []).Directory);
    }

    [Fact]
    public void PATH_comes_before_the_usual_folders()
    {
        var onPath = FakeInstall("usr/bin");
        FakeInstall("usr/lib/postgresql/16/bin");

        var found = PostgresBinaries.Locate(null, $"/nonexistent:{onPath}", PostgresBinaries.UsualDirectories(_machine.Path));

        Assert.Equal(onPath, found.Directory);
    }

    [Fact]
    public void the_highest_installed_version_wins()
    {
        FakeInstall("usr/lib/postgresql/9.6/bin");
        FakeInstall("usr/lib/postgresql/16/bin");
        FakeInstall("usr/lib/postgresql/15/bin");

        var found = PostgresBinaries.Locate(null, "", PostgresBinaries.UsualDirectories(_machine.Path));

        Assert.Equal(Path.Combine(_machine.Path, "usr/lib/postgresql/16/bin"), found.Directory);
    }

    [Fact]
    public void a_folder_missing_one_of_the_programs_is_passed_over()
    {
        var incomplete = FakeInstall("usr/bin");
        File.Delete(Path.Combine(incomplete, "initdb"));
        var complete = FakeInstall("usr/local/pgsql/bin");

        var found = PostgresBinaries.Locate(null, incomplete, PostgresBinaries.UsualDirectories(_machine.Path));

        Assert.Equal(complete, found.Directory);
    }

    public void Dispose() => _machine.Dispose();

    private string FakeInstall(string relativeBin)
    {
        var bin = Path.Combine(_machine.Path, relativeBin);
        Directory.CreateDirectory(bin);
        foreach (var program in new[] { "initdb", "pg_ctl", "postgres" })
        {
            var file = Path.Combine(bin, program);
            File.WriteAllText(file, "#!/bin/sh\n");
            File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        return bin;
    }
}

[UnsupportedOSPlatform("windows")]
public sealed class when_the_data_directory_lies_behind_a_folder_closed_to_others
{
    [Fact]
    public async Task only_a_launch_as_root_is_blocked_and_the_message_names_the_folder()
    {
        using var closed = new ThrowawayDataDirectory();
        Directory.CreateDirectory(closed.Path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var options = closed.Options() with { DataDirectory = Path.Combine(closed.Path, "catalogue") };

        if (Environment.UserName == "root")
        {
            // Root hands the cluster to an unprivileged user, who cannot pass the closed folder: as in a CI
            // checkout under /root.
            var blocked = await Assert.ThrowsAsync<EmbeddedPostgresException>(() => EmbeddedPostgresCluster.StartAsync(options));

            Assert.Contains($"cannot enter the folder '{closed.Path}'", blocked.Message, StringComparison.Ordinal);
            Assert.Contains("Catalogue:DataDirectory", blocked.Message, StringComparison.Ordinal);
            Assert.Contains("/var/lib", blocked.Message, StringComparison.Ordinal);
            Assert.Equal(
                UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute,
                File.GetUnixFileMode(closed.Path));
            Assert.False(Directory.Exists(Path.Combine(options.DataDirectory, "pgdata")));
        }
        else
        {
            // The cluster runs as the folder's owner, who may pass: the launch must work.
            await using var cluster = await EmbeddedPostgresCluster.StartAsync(options);

            Assert.Equal(1, await Sql.ScalarAsync<int>(cluster, "select 1"));
        }
    }
}

/// <summary>A data directory under the temp folder, deleted with everything in it.</summary>
/// <param name="prefix">
/// How the folder's name begins; a folder made to look left behind by a killed run is named so that the run's own sweep
/// of such folders (<see cref="Support.LeftoverClusters"/>) cannot take it from the test.
/// </param>
public sealed class ThrowawayDataDirectory(string prefix = Support.LeftoverClusters.OwnClusters) : IDisposable
{
    public string Path { get; } =
        System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"{prefix}{Guid.NewGuid():N}");

    public EmbeddedPostgresOptions Options() =>
        new() { DataDirectory = Path, Durable = false, StartTimeout = TimeSpan.FromSeconds(30) };

    public void Dispose()
    {
        if (Directory.Exists(Path))
        {
            Directory.Delete(Path, recursive: true);
        }
    }
}

/// <summary>Keeps what the launcher logged, to check it says what it did.</summary>
public sealed class LauncherLog : ILogger
{
    private readonly List<string> _messages = [];

    public IReadOnlyList<string> Messages
    {
        get
        {
            lock (_messages)
            {
                return [.. _messages];
            }
        }
    }

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(
        LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        lock (_messages)
        {
            _messages.Add(formatter(state, exception));
        }
    }
}

file static class Sql
{
    public static async Task<T> ScalarAsync<T>(EmbeddedPostgresCluster cluster, string sql)
    {
        await using var connection = new NpgsqlConnection(cluster.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)Convert.ChangeType((await command.ExecuteScalarAsync())!, typeof(T), CultureInfo.InvariantCulture);
    }

    public static async Task ExecuteAsync(EmbeddedPostgresCluster cluster, string sql)
    {
        await using var connection = new NpgsqlConnection(cluster.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}

file static class Postmaster
{
    /// <summary>Alive and not a zombie: PID 1 of a container may never reap a server that exited.</summary>
    public static bool IsRunning(int pid)
    {
        if (OperatingSystem.IsLinux())
        {
            try
            {
                var stat = File.ReadAllText($"/proc/{pid}/stat");
                return stat[(stat.LastIndexOf(')') + 1)..].TrimStart() is not ['Z' or 'X', ..];
            }
            catch (IOException)
            {
                return false;
            }
        }

        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    public static int UnusedProcessId()
    {
        var pid = 999_999;
        while (IsRunning(pid))
        {
            pid++;
        }

        return pid;
    }
}

public sealed class when_the_default_data_directory_is_closed_to_the_cluster_user
{
    [Fact]
    public void the_fallback_folder_is_the_same_for_a_checkout_on_every_start_and_differs_between_checkouts()
    {
        var first = Catalogue.Api.Hosting.CatalogueDatabase.FallbackDataDirectory("/root/work/catalogue/.catalogue");

        Assert.Equal(first, Catalogue.Api.Hosting.CatalogueDatabase.FallbackDataDirectory("/root/work/catalogue/.catalogue"));
        Assert.NotEqual(first, Catalogue.Api.Hosting.CatalogueDatabase.FallbackDataDirectory("/root/other/catalogue/.catalogue"));
        Assert.StartsWith("/var/lib/catalogue/catalogue-", first);
    }
}
