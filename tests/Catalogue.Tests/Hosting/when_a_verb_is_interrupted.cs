using System.Globalization;
using System.Runtime.Versioning;
using Catalogue.Api.Hosting;
using Catalogue.Api.Hosting.EmbeddedPostgres;
using Catalogue.Tests.Support;

namespace Catalogue.Tests.Hosting;

/// <summary>
/// Someone presses Ctrl+C during a long verb, or a service manager sends SIGTERM: the verb stops, says so, and leaves
/// neither a half-written file nor the embedded PostgreSQL it started running behind it.
/// </summary>
[UnsupportedOSPlatform("windows")]
public sealed class when_a_verb_is_interrupted
{
    [Theory]
    [InlineData("INT", 130, "Ctrl+C")]
    [InlineData("TERM", 143, "SIGTERM")]
    public async Task the_verb_stops_says_so_and_stops_the_embedded_cluster_it_started(string signal, int exitCode, string named)
    {
        var dataDirectory = Path.Combine(Path.GetTempPath(), $"catalogue-interrupted-{Guid.NewGuid():N}"[..42]);
        var generate = new ServiceProcess(
            CatalogueCli.Start(null, ["generate", "--records", "1000000"], new Dictionary<string, string> { ["Catalogue__DataDirectory"] = dataDirectory }, asPeopleSeeIt: true, asAtATerminal: true),
            new Uri("http://unused"));
        try
        {
            // A million records take the best part of an hour: the signal comes long before the end.
            await generate.LinesUntilAsync(l => l.StartsWith("Generating 1,000,000 records", StringComparison.Ordinal));
            using (var kill = System.Diagnostics.Process.Start("kill", [$"-{signal}", generate.Process.Id.ToString(CultureInfo.InvariantCulture)]))
            {
                await kill.WaitForExitAsync();
            }

            using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            await generate.Process.WaitForExitAsync(patience.Token);

            Assert.Equal(exitCode, generate.Process.ExitCode);
            Assert.Contains($"Interrupted ({named}): `generate` stopped before it was done.", generate.Output);
            // Found from outside: it said no more, and the same command run again added the whole number again.
            Assert.Matches(@"[0-9,]+ of 1,000,000 records were written whole before the interruption, and those the writers had begun \(up to 200 records\) in part", generate.Output);
            Assert.Contains("generate does not resume: run again, it adds the records of the seed from the first.", generate.Output);
            // Left to the runtime, the process ended where it stood and the cluster ran on, orphaned, until the next start.
            Assert.False(File.Exists(Path.Combine(dataDirectory, "pgdata", "postmaster.pid")), $"the embedded PostgreSQL runs on:\n{generate.Output}");
        }
        finally
        {
            generate.Dispose();
            if (File.Exists(Path.Combine(dataDirectory, "pgdata", "postmaster.pid")))
            {
                await (await EmbeddedPostgresCluster.StartAsync(new EmbeddedPostgresOptions { DataDirectory = dataDirectory })).DisposeAsync();
            }

            if (Directory.Exists(dataDirectory)) Directory.Delete(dataDirectory, recursive: true);
        }
    }

    /// <summary>
    /// Found from outside: <c>import-jsonl</c> of a FIFO no one wrote to paid no heed to SIGTERM — a read of a pipe is
    /// out of a cancellation's reach — and a second SIGTERM, left to the runtime, ended it with its embedded PostgreSQL
    /// still running. A verb that does not stop when asked is given up on, and the cluster is stopped all the same.
    /// </summary>
    [Fact]
    public async Task a_verb_reading_a_pipe_no_one_writes_to_is_given_up_on_and_the_cluster_still_stopped()
    {
        var dataDirectory = Path.Combine(Path.GetTempPath(), $"catalogue-interrupted-{Guid.NewGuid():N}"[..42]);
        var fifo = Path.Combine(Path.GetTempPath(), $"catalogue-fifo-{Guid.NewGuid():N}");
        using (var mkfifo = System.Diagnostics.Process.Start("mkfifo", [fifo])) await mkfifo.WaitForExitAsync();
        var import = new ServiceProcess(
            CatalogueCli.Start(null, ["import-jsonl", fifo], new Dictionary<string, string> { ["Catalogue__DataDirectory"] = dataDirectory }, asPeopleSeeIt: true),
            new Uri("http://unused"));
        try
        {
            // Opened for writing once the verb has opened it for reading: the verb then waits for a first line that never comes.
            await using var writer = await Task.Run(() => new FileStream(fifo, FileMode.Open, FileAccess.Write)).WaitAsync(TimeSpan.FromSeconds(90));
            using (var kill = System.Diagnostics.Process.Start("kill", ["-TERM", import.Process.Id.ToString(CultureInfo.InvariantCulture)]))
            {
                await kill.WaitForExitAsync();
            }

            using var patience = new CancellationTokenSource(VerbInterruption.Patience + TimeSpan.FromSeconds(50));
            await import.Process.WaitForExitAsync(patience.Token);

            Assert.Equal(143, import.Process.ExitCode);
            Assert.Contains("Interrupted (SIGTERM): `import-jsonl` stopped before it was done.", import.Output);
            Assert.False(File.Exists(Path.Combine(dataDirectory, "pgdata", "postmaster.pid")), $"the embedded PostgreSQL runs on:\n{import.Output}");
        }
        finally
        {
            import.Dispose();
            File.Delete(fifo);
            if (File.Exists(Path.Combine(dataDirectory, "pgdata", "postmaster.pid")))
            {
                await (await EmbeddedPostgresCluster.StartAsync(new EmbeddedPostgresOptions { DataDirectory = dataDirectory })).DisposeAsync();
            }

            if (Directory.Exists(dataDirectory)) Directory.Delete(dataDirectory, recursive: true);
        }
    }

    [Fact]
    public async Task an_export_stopped_halfway_leaves_the_file_as_it_was_and_no_partial_file()
    {
        var folder = Directory.CreateTempSubdirectory("catalogue-interrupted-export-").FullName;
        try
        {
            var file = Path.Combine(folder, "records.jsonl");
            await File.WriteAllTextAsync(file, "yesterday's export\n");

            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => VerbRun.WriteWholeFileAsync(file, async output =>
            {
                await output.WriteAsync("{\"accessionNumber\":\"CAT-2026-000001\"}\n"u8.ToArray());
                throw new OperationCanceledException("Ctrl+C");
            }));

            Assert.Equal("yesterday's export\n", await File.ReadAllTextAsync(file));
            Assert.False(File.Exists(file + ".partial"));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
