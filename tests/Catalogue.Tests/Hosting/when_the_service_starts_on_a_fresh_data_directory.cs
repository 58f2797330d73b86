using System.Diagnostics;
using System.Net;
using System.Runtime.Versioning;
using System.Text.RegularExpressions;
using Catalogue.Api.Hosting.EmbeddedPostgres;
using Catalogue.Tests.Support;
using Npgsql;

namespace Catalogue.Tests.Hosting;

/// <summary>
/// Someone clones the repository and starts the service: it creates its database cluster and its admin key, and the
/// console must tell them, in a few lines, where it serves, where the key is and how to use it, and how to stop it.
/// </summary>
[UnsupportedOSPlatform("windows")]
public sealed class when_the_service_starts_on_a_fresh_data_directory(when_the_service_starts_on_a_fresh_data_directory.FreshStart start)
    : IClassFixture<when_the_service_starts_on_a_fresh_data_directory.FreshStart>
{
    [Fact]
    public void it_prints_fewer_than_40_lines_before_it_serves_and_no_sql()
    {
        Assert.True(start.LinesBeforeServing.Count < 40, $"{start.LinesBeforeServing.Count} lines before it served:\n{string.Join('\n', start.LinesBeforeServing)}");
        Assert.DoesNotContain(start.LinesBeforeServing, l => l.Contains("CREATE ", StringComparison.OrdinalIgnoreCase) || l.Contains("schema update", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void its_banner_says_where_it_serves_where_its_data_and_its_new_admin_key_are_and_how_to_stop_it()
    {
        var banner = string.Join('\n', start.LinesBeforeServing.SkipWhile(l => !l.Contains("Catalogue is serving on", StringComparison.Ordinal)));
        var keyFile = Path.Combine(start.DataDirectory, "admin-api-key");

        Assert.Contains($"Catalogue is serving on {start.Service.Address.GetLeftPart(UriPartial.Authority)}", banner);
        Assert.Contains(start.DataDirectory, banner);
        Assert.Contains($"admin key: created just now in {keyFile}", banner);
        Assert.Contains($"curl -H \"X-Api-Key: $(cat {keyFile})\" {start.Service.Address.GetLeftPart(UriPartial.Authority)}/api/records", banner);
        Assert.Contains("Ctrl+C", banner);
    }

    [Fact]
    public async Task the_curl_line_it_prints_works_as_pasted()
    {
        var curl = start.LinesBeforeServing.Single(l => l.TrimStart().StartsWith("curl ", StringComparison.Ordinal)).Trim();

        using var shell = Process.Start(new ProcessStartInfo("/bin/sh", ["-c", curl]) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var answer = await shell.StandardOutput.ReadToEndAsync();
        await shell.WaitForExitAsync();

        Assert.True(shell.ExitCode == 0, await shell.StandardError.ReadToEndAsync());
        Assert.Contains("\"items\":[]", answer);
    }

    [Fact]
    public async Task it_reaches_the_cluster_it_started_through_the_socket_and_not_over_tcp()
    {
        var banner = string.Join('\n', start.LinesBeforeServing);
        var port = Regex.Match(banner, @"embedded PostgreSQL on 127\.0\.0\.1:(\d+)").Groups[1].Value;
        var password = (await File.ReadAllTextAsync(Path.Combine(start.DataDirectory, "superuser.password"))).Trim();
        await using var connection = new NpgsqlConnection($"Host=127.0.0.1;Port={port};Username=catalogue;Password={password};Database=catalogue;Pooling=false");
        await connection.OpenAsync();
        // Backends of a Unix-domain socket have no client address; this test's own connection is the one over TCP.
        await using var backends = new NpgsqlCommand(
            """
            select count(*) filter (where client_addr is null), count(*) filter (where client_addr is not null and pid <> pg_backend_pid())
            from pg_stat_activity where datname = current_database() and backend_type = 'client backend'
            """,
            connection);
        await using var row = await backends.ExecuteReaderAsync();
        await row.ReadAsync();

        Assert.True(row.GetInt64(0) > 0, "The service holds no connection through the socket.");
        Assert.Equal(0, row.GetInt64(1));
    }

    [Fact]
    public async Task each_request_is_one_line_and_a_succeeding_readiness_probe_none()
    {
        var key = (await File.ReadAllTextAsync(Path.Combine(start.DataDirectory, "admin-api-key"))).Trim();
        using var http = new HttpClient { BaseAddress = start.Service.Address };
        var before = start.Service.Lines.Count;

        (await http.GetAsync("/health/ready")).EnsureSuccessStatusCode();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/records");
        request.Headers.Add("X-Api-Key", key);
        request.Headers.Add("X-Correlation-Id", "ticket-4711");
        Assert.Equal(HttpStatusCode.OK, (await http.SendAsync(request)).StatusCode);
        await start.Service.LinesUntilAsync(l => l.Contains("ticket-4711", StringComparison.Ordinal));
        await Task.Delay(500);

        var line = Assert.Single(start.Service.Lines.Skip(before));
        Assert.Matches(@"^\d\d:\d\d:\d\d info GET /api/records 200 in [\d.]+ ms \[ticket-4711\]$", line);
    }

    public sealed class FreshStart : IAsyncLifetime
    {
        public string DataDirectory { get; } = Path.Combine(Path.GetTempPath(), $"catalogue-fresh-{Guid.NewGuid():N}"[..36]);

        public ServiceProcess Service { get; private set; } = null!;

        /// <summary>What it wrote until it served: up to the end of its banner, which it writes once it serves.</summary>
        public IReadOnlyList<string> LinesBeforeServing { get; private set; } = [];

        public async Task InitializeAsync()
        {
            Service = CatalogueCli.LaunchEmbeddedService(DataDirectory);
            await Service.WaitUntilReadyAsync();
            LinesBeforeServing = await Service.LinesUntilAsync(l => l.Contains("stop:", StringComparison.Ordinal));
        }

        public async Task DisposeAsync()
        {
            await Service.StopAsync();
            Service.Dispose();
            // A service that did not stop its cluster leaves it running: the launcher takes an orphan over, and stops it.
            if (File.Exists(Path.Combine(DataDirectory, "pgdata", "postmaster.pid")))
            {
                await (await EmbeddedPostgresCluster.StartAsync(new EmbeddedPostgresOptions { DataDirectory = DataDirectory })).DisposeAsync();
            }

            Directory.Delete(DataDirectory, recursive: true);
        }
    }
}
