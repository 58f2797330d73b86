using System.Net;
using System.Text.Json;
using Catalogue.Api.Audit.Chain;
using Catalogue.Api.Hosting;
using Catalogue.Tests.Support;

namespace Catalogue.Tests.Audit.Chain;

/// <summary>export-events and verify-export, run in-process as the command line runs them.</summary>
public sealed class when_an_export_is_checked_offline(CatalogueService service) : EventChainScenario(service), IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("catalogue-export-").FullName;

    /// <summary>The command line's verbs, as the service's capabilities add them.</summary>
    private static CatalogueVerbs Verbs => Program.Capabilities([]).Verbs;

    private string PathOf(string name) => Path.Combine(_folder, name);

    private async Task<(int Code, string Output, string Error)> Cli(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = await Verbs.RunAsync(Service.Host.Services, args, output, error, CancellationToken.None);
        Assert.NotNull(code);
        return (code.Value, output.ToString(), error.ToString());
    }

    /// <summary>What an auditor saves: a checkpoint as served, and the public key.</summary>
    private async Task<long> SaveACheckpointAndTheKey()
    {
        await AllEventsSealed();
        var created = (await Api.Post("/api/audit/checkpoints", new { })).ShouldBe(HttpStatusCode.Created).Json;
        var number = created["number"]!.GetValue<long>();
        await File.WriteAllTextAsync(PathOf("checkpoint.json"), (await Api.Get($"/api/audit/checkpoints/{number}")).ShouldBe(HttpStatusCode.OK).Text);
        await File.WriteAllTextAsync(PathOf("public-key.pem"), (await Api.Get("/api/audit/public-key")).ShouldBe(HttpStatusCode.OK).Text);
        return number;
    }

    [Fact]
    public async Task an_export_recomputes_to_the_signed_checkpoint()
    {
        await ARecordWithHistory();
        await ARecordWithHistory();
        var number = await SaveACheckpointAndTheKey();

        var export = await Cli("export-events", PathOf("events.jsonl"));
        var check = await Cli("verify-export", PathOf("events.jsonl"), "--checkpoint", PathOf("checkpoint.json"), "--public-key", PathOf("public-key.pem"));

        Assert.Equal(0, export.Code);
        Assert.Contains("8 events (8 sealed)", export.Output);
        Assert.Equal(9, File.ReadAllLines(PathOf("events.jsonl")).Length);
        Assert.True(check.Code == 0, check.Output + check.Error);
        Assert.Contains("intact: 8 events, 8 sealed", check.Output);
        Assert.Contains($"checkpoint #{number} (seq", check.Output);
    }

    /// <summary>An export checked as it is made, in one pipe, with no copy of it on disk.</summary>
    [Fact]
    public async Task an_export_streamed_into_the_check_recomputes_to_the_signed_checkpoint()
    {
        await ARecordWithHistory();
        var number = await SaveACheckpointAndTheKey();

        var (exit, said) = await CatalogueCli.RunInShellAsync(
            Service.Cluster.ConnectionString,
            "catalogue export-events - | catalogue verify-export - --checkpoint \"$1\" --public-key \"$2\" > \"$3\"",
            PathOf("checkpoint.json"), PathOf("public-key.pem"), PathOf("verdict.txt"));

        Assert.True(exit == 0, said);
        Assert.Contains("4 events (4 sealed) written to standard output", said);
        var verdict = await File.ReadAllTextAsync(PathOf("verdict.txt"));
        Assert.Contains("intact: 4 events, 4 sealed", verdict);
        Assert.Contains($"checkpoint #{number} (seq", verdict);
    }

    [Fact]
    public async Task an_export_streamed_into_the_check_that_was_altered_on_the_way_is_broken()
    {
        await ARecordWithHistory();
        await SaveACheckpointAndTheKey();

        var (exit, _) = await CatalogueCli.RunInShellAsync(
            Service.Cluster.ConnectionString,
            "catalogue export-events - | sed 's/Zhou Enlai/Zhou Enlay/' | catalogue verify-export - --checkpoint \"$1\" --public-key \"$2\" > \"$3\"",
            PathOf("checkpoint.json"), PathOf("public-key.pem"), PathOf("verdict.txt"));

        Assert.Equal(1, exit);
        Assert.StartsWith("BROKEN:", await File.ReadAllTextAsync(PathOf("verdict.txt")));
    }

    /// <summary>
    /// Found from outside: a loop of links given as the file ended the verb with a stack trace and exit code 134 (every
    /// verb reading a file: the imports too); a link to nothing did the same.
    /// </summary>
    [Fact]
    public async Task a_loop_of_links_or_a_link_to_nothing_is_no_file_to_read()
    {
        File.CreateSymbolicLink(PathOf("loop1"), PathOf("loop2"));
        File.CreateSymbolicLink(PathOf("loop2"), PathOf("loop1"));
        File.CreateSymbolicLink(PathOf("gone"), PathOf("never-written.jsonl"));

        var loop = await Cli("verify-export", PathOf("loop1"));
        var gone = await Cli("verify-export", PathOf("gone"));

        Assert.Equal((66, $"{PathOf("loop1")}: too many levels of symbolic links"), (loop.Code, loop.Error.Trim()));
        Assert.Equal((66, $"{PathOf("gone")}: a link to no file ({PathOf("never-written.jsonl")})"), (gone.Code, gone.Error.Trim()));
    }

    /// <summary>Found from outside: a file that is not JSON at all crashed the verb with an unhandled exception.</summary>
    [Fact]
    public async Task a_file_that_is_not_an_export_is_reported_broken_and_a_folder_unreadable()
    {
        await File.WriteAllTextAsync(PathOf("hostname"), "archive-server-3\n");
        await File.WriteAllBytesAsync(PathOf("scan.bin"), [0x00, 0xFF, 0xFE, 0x7B, 0x0A, 0x22]);

        foreach (var file in new[] { "hostname", "scan.bin" })
        {
            var check = await Cli("verify-export", PathOf(file));
            Assert.True(check.Code == 1, $"{file}: {check.Code} {check.Output}{check.Error}");
            Assert.Contains("BROKEN: This is not an event chain export", check.Output);
        }

        var folder = await Cli("verify-export", _folder);
        Assert.Equal(66, folder.Code);
        Assert.Contains("a directory, not a file", folder.Error);
    }

    /// <summary>Found from outside: a checkpoint file holding <c>null</c> was taken for none, and the export said intact.</summary>
    [Fact]
    public async Task a_checkpoint_file_that_holds_no_checkpoint_is_refused_not_skipped()
    {
        await ARecordWithHistory();
        await SaveACheckpointAndTheKey();
        await Cli("export-events", PathOf("events.jsonl"));
        await File.WriteAllTextAsync(PathOf("null.json"), "null");

        var check = await Cli("verify-export", PathOf("events.jsonl"), "--checkpoint", PathOf("null.json"), "--public-key", PathOf("public-key.pem"));

        Assert.True(check.Code == 66, $"{check.Code} {check.Output}{check.Error}");
        Assert.Contains("not a checkpoint", check.Error);
        Assert.DoesNotContain("intact", check.Output);
    }

    /// <summary>
    /// Found from outside: a checkpoint file holding <c>{}</c>, one whose signature is not base64, or a key file that
    /// is not a key was told "BROKEN" with exit code 1 — a history rewritten, to an auditor — where the file was only
    /// not what it should be.
    /// </summary>
    [Theory]
    [InlineData("{}", null, "checkpoint.json: not a checkpoint (it has no number, lastSeq, headHash, signedAt, keyId, statement, signature)")]
    [InlineData("signature", null, "checkpoint.json: not a checkpoint (its signature is not base64)")]
    [InlineData(null, "not a key", "public-key.pem: not a PEM ECDSA public key (")]
    public async Task a_file_that_is_not_a_checkpoint_or_a_key_is_told_as_such_not_as_a_broken_chain(string? checkpoint, string? key, string said)
    {
        await ARecordWithHistory();
        await SaveACheckpointAndTheKey();
        await Cli("export-events", PathOf("events.jsonl"));
        if (checkpoint == "signature")
        {
            var saved = System.Text.Json.Nodes.JsonNode.Parse(await File.ReadAllTextAsync(PathOf("checkpoint.json")))!;
            saved["signature"] = "not base64!";
            await File.WriteAllTextAsync(PathOf("checkpoint.json"), saved.ToJsonString());
        }
        else if (checkpoint is not null) await File.WriteAllTextAsync(PathOf("checkpoint.json"), checkpoint);
        if (key is not null) await File.WriteAllTextAsync(PathOf("public-key.pem"), key);

        var check = await Cli("verify-export", PathOf("events.jsonl"), "--checkpoint", PathOf("checkpoint.json"), "--public-key", PathOf("public-key.pem"));

        Assert.True(check.Code == 66, $"{check.Code} {check.Output}{check.Error}");
        Assert.Contains(said, check.Error);
        Assert.DoesNotContain("BROKEN", check.Output);
    }

    [Fact]
    public async Task an_export_into_a_folder_that_does_not_exist_says_so_and_leaves_nothing()
    {
        await ARecordWithHistory();
        var file = PathOf(Path.Combine("no-such-folder", "events.jsonl"));

        var export = await Cli("export-events", file);

        Assert.Equal(73, export.Code);
        Assert.Contains("cannot be written", export.Error);
        Assert.False(Directory.Exists(PathOf("no-such-folder")));
    }

    /// <summary>
    /// Found from outside: the events after the checkpoint, which whoever holds the database can rewrite and seal again,
    /// were told intact with nothing to say that the checkpoint does not cover them.
    /// </summary>
    [Fact]
    public async Task events_after_the_checkpoint_still_check_against_it_and_are_told_as_vouched_for_by_their_seals_alone()
    {
        await ARecordWithHistory();
        await SaveACheckpointAndTheKey();
        await ARecordWithHistory();
        await AllEventsSealed();

        await Cli("export-events", PathOf("events.jsonl"));
        var check = await Cli("verify-export", PathOf("events.jsonl"), "--checkpoint", PathOf("checkpoint.json"), "--public-key", PathOf("public-key.pem"));

        Assert.True(check.Code == 0, check.Output + check.Error);
        Assert.Contains("intact: 8 events, 8 sealed", check.Output);
        Assert.Contains("; the 4 events after it are vouched for by their seals alone", check.Output);
    }

    /// <summary>Found from outside: the first thousand lines of an export, checked without a checkpoint, read "intact" and nothing more.</summary>
    [Fact]
    public async Task an_export_checked_without_a_checkpoint_is_told_what_its_seals_cannot_show()
    {
        await ARecordWithHistory();
        await AllEventsSealed();
        await Cli("export-events", PathOf("events.jsonl"));
        await File.WriteAllLinesAsync(PathOf("cut.jsonl"), File.ReadAllLines(PathOf("events.jsonl"))[..3]);

        var check = await Cli("verify-export", PathOf("cut.jsonl"));

        Assert.True(check.Code == 0, check.Output + check.Error);
        Assert.Contains("intact: 2 events, 2 sealed", check.Output);
        Assert.Contains("no checkpoint given: the seals show that no event was changed, removed or reordered, not that none are missing after the last one", check.Output);
    }

    [Fact]
    public async Task an_edited_line_in_the_file_is_found()
    {
        var id = await ARecordWithHistory();
        await AllEventsSealed();
        await Cli("export-events", PathOf("events.jsonl"));
        var lines = File.ReadAllLines(PathOf("events.jsonl"));
        var line = lines.Single(l => l.Contains("\"type\":\"title_revised\""));
        lines[Array.IndexOf(lines, line)] = line.Replace("Memorandum of Conversation with Zhou Enlai", "A forged title");
        File.WriteAllLines(PathOf("events.jsonl"), lines);

        var check = await Cli("verify-export", PathOf("events.jsonl"));

        Assert.Equal(1, check.Code);
        var seq = JsonDocument.Parse(line).RootElement.GetProperty("seq").GetInt64();
        Assert.Contains($"BROKEN: Event seq {seq} (stream {id}, version 3, title_revised)", check.Output);
    }

    [Fact]
    public async Task a_database_rewritten_after_the_checkpoint_fails_against_it()
    {
        var id = await ARecordWithHistory();
        await SaveACheckpointAndTheKey();
        // Change an event and drop every seal: the export then carries no seal to contradict, only the checkpoint can.
        await AsAttacker(
            $$"""
            update catalogue.mt_events set data = jsonb_set(data, '{title}', '"A forged title"') where stream_id = '{{id}}' and version = 3;
            delete from catalogue.event_seals;
            """);

        await Cli("export-events", PathOf("events.jsonl"));
        var check = await Cli("verify-export", PathOf("events.jsonl"), "--checkpoint", PathOf("checkpoint.json"), "--public-key", PathOf("public-key.pem"));

        Assert.Equal(1, check.Code);
        Assert.Contains("history up to the checkpoint was rewritten", check.Output);
    }

    [Fact]
    public async Task a_checkpoint_checked_with_another_key_fails()
    {
        await ARecordWithHistory();
        await SaveACheckpointAndTheKey();
        using var other = System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256);
        await File.WriteAllTextAsync(PathOf("other-key.pem"), other.ExportSubjectPublicKeyInfoPem());

        await Cli("export-events", PathOf("events.jsonl"));
        var check = await Cli("verify-export", PathOf("events.jsonl"), "--checkpoint", PathOf("checkpoint.json"), "--public-key", PathOf("other-key.pem"));

        Assert.Equal(1, check.Code);
        Assert.Contains("but the public key given is", check.Output);
    }

    [Fact]
    public async Task verify_on_the_command_line_exits_zero_when_intact_and_one_when_broken()
    {
        var id = await ARecordWithHistory();
        await AllEventsSealed();

        var intact = await Cli("verify");
        await AsAttacker($"update catalogue.mt_events set data = '{{}}' where stream_id = '{id}' and version = 2");
        var broken = await Cli("verify", "--record", id.ToString());

        Assert.Equal(0, intact.Code);
        Assert.Contains("\"status\": \"intact\"", intact.Output);
        Assert.Equal(1, broken.Code);
        Assert.Contains("\"kind\": \"altered\"", broken.Output);
        Assert.Null(await Verbs.RunAsync(Service.Host.Services, ["db-dump"], TextWriter.Null, TextWriter.Null, CancellationToken.None));
    }

    /// <summary>Found from outside: a record that is not there was answered with 1, the code that says the chain is broken.</summary>
    [Fact]
    public async Task verify_of_a_record_that_is_not_there_says_so_with_its_own_exit_code()
    {
        var unknown = await Cli("verify", "--record", Guid.NewGuid().ToString());

        Assert.Equal(66, unknown.Code);
        Assert.Contains("No catalogue record has the id", unknown.Error);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
