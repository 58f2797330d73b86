using Catalogue.Tests.Support;
using Npgsql;

namespace Catalogue.Tests.Hosting;

/// <summary>
/// An operator types <c>help</c>, or a verb they half remember. The command line must list Catalogue's own verbs first,
/// each saying what it does, offer nothing that does not work, and answer a wrong verb with the one probably meant.
/// </summary>
public sealed class when_the_command_line_is_asked_what_it_can_do(CatalogueService service) : CatalogueScenario(service)
{
    private static readonly string[] OurVerbs =
        ["import", "generate", "export", "import-jsonl", "import-csv", "keys", "verify", "verify-export", "export-events", "checkpoint", "reparse", "verify-projections", "projections rebuild", "database", "healthcheck"];

    [Fact]
    public async Task help_lists_catalogues_verbs_first_each_with_what_it_does_and_starts_no_database()
    {
        var connectionString = await Service.NewDatabaseAsync("catalogue_help");

        var (exit, output) = await CatalogueCli.RunAsPeopleSeeItAsync(connectionString, "help");

        Assert.True(exit == 0, output);
        var lines = output.Split('\n');
        foreach (var verb in OurVerbs)
        {
            var line = lines.FirstOrDefault(l => l.StartsWith($"  {verb} ", StringComparison.Ordinal));
            Assert.True(line is not null, $"help does not list {verb}:\n{output}");
            var at = Array.IndexOf(lines, line);
            var description = line.Length > 26 ? line[26..] : lines[at + 1];
            Assert.False(string.IsNullOrWhiteSpace(description), $"{verb} has no description:\n{output}");
        }

        Assert.DoesNotContain("openapi", output);
        Assert.DoesNotContain("Searching", output);
        Assert.Contains("help --all", output);
        Assert.False(await HasCatalogueSchema(connectionString), "help prepared the database");
    }

    [Fact]
    public async Task help_all_adds_the_critter_stacks_verbs_after_catalogues_and_never_openapi()
    {
        var (exit, output) = await CatalogueCli.RunAsPeopleSeeItAsync(Service.Cluster.ConnectionString, "help", "--all");

        Assert.True(exit == 0, output);
        Assert.True(output.IndexOf("  import", StringComparison.Ordinal) < output.IndexOf("  db-dump", StringComparison.Ordinal), output);
        Assert.Contains("  db-patch", output);
        Assert.DoesNotContain("openapi", output);
    }

    [Theory]
    [InlineData("improt", "import")]
    [InlineData("verfy", "verify")]
    [InlineData("verify-projection", "verify-projections")]
    [InlineData("db-dmup", "db-dump")]
    public async Task an_unknown_verb_is_refused_with_the_nearest_one(string typed, string meant)
    {
        var (exit, output) = await CatalogueCli.AnswerBeforeStartAsync(typed, "x");

        Assert.True(exit == 64, output);
        Assert.Equal($"Unknown verb '{typed}'. Did you mean '{meant}'? `help` lists the verbs.", output.Trim());
    }

    [Theory]
    [InlineData("reparse")]
    [InlineData("checkpoint")]
    [InlineData("verify-projections")]
    public async Task a_verb_that_takes_no_arguments_given_one_says_how_to_use_it(string verb)
    {
        var (exit, output) = await CatalogueCli.AnswerBeforeStartAsync(verb, "now");

        Assert.True(exit == 64, output);
        Assert.Equal($"usage: {verb}   (it takes no arguments)", output.Trim());
    }

    /// <summary>Found from outside: <c>generate --records 5 --records 500000</c> generated half a million records, the last taken.</summary>
    [Theory]
    [InlineData("generate", "--records", "5", "--records", "6")]
    [InlineData("generate", "--records", "5", "--seed", "1", "--seed", "2")]
    [InlineData("export", "--out", "a.jsonl", "--out", "b.jsonl")]
    public async Task an_option_given_twice_says_how_to_use_the_verb(params string[] args)
    {
        var (exit, output) = await CatalogueCli.AnswerBeforeStartAsync(args);

        Assert.True(exit == 64, output);
        Assert.Contains($"usage: {args[0]} ", output);
    }

    /// <summary>
    /// Found from outside: <c>export-events --help</c> wrote every event to a file named "--help" (628 MB), and
    /// <c>import --help</c> answered that there was no such file. A verb asked for help tells how to use it, as
    /// <c>help VERB</c> does, and starts nothing.
    /// </summary>
    [Theory]
    [InlineData("export-events", "--help")]
    [InlineData("import", "-h")]
    [InlineData("import-csv", "pages.csv", "--help")]
    [InlineData("keys", "-?")]
    public async Task a_verb_asked_for_help_says_how_to_use_it_and_does_nothing_else(params string[] args)
    {
        var (exit, output) = await CatalogueCli.AnswerBeforeStartAsync(args);

        Assert.True(exit == 0, output);
        Assert.StartsWith($"usage: {args[0]}", output.Trim());
        Assert.False(File.Exists(args[^1]));
    }

    [Theory]
    [InlineData("help", "--help")]
    [InlineData("help", "-h")]
    [InlineData("help", "--all", "--help")]
    public async Task help_asked_for_help_lists_the_verbs(params string[] args)
    {
        var (exit, output) = await CatalogueCli.AnswerBeforeStartAsync(args);

        Assert.True(exit == 0, output);
        Assert.StartsWith("usage: dotnet run --project src/Catalogue.Api -- [VERB] [ARGUMENTS]", output);
    }

    [Fact]
    public async Task export_events_takes_no_option_for_the_name_of_its_file()
    {
        var (exit, output) = await CatalogueCli.AnswerBeforeStartAsync("export-events", "--bogus");

        Assert.True(exit == 64, output);
        Assert.StartsWith("export-events takes no option '--bogus'; a file whose name begins with '-' is written ./--bogus.", output.Trim());
        Assert.False(File.Exists("--bogus"));
    }

    /// <summary>Found from outside: an address that is not one crashed the verb with an unhandled exception.</summary>
    [Theory]
    [InlineData("notaurl")]
    [InlineData("ftp://127.0.0.1/health")]
    [InlineData("http://127.0.0.1:5080/health", "twice")]
    public async Task healthcheck_given_something_other_than_one_address_says_how_to_use_it(params string[] args)
    {
        var (exit, output) = await CatalogueCli.AnswerBeforeStartAsync(["healthcheck", .. args]);

        Assert.True(exit == 64, output);
        Assert.StartsWith("usage: healthcheck [URL]", output.Trim());
    }

    [Fact]
    public async Task openapi_which_cannot_work_here_is_not_offered()
    {
        var (exit, output) = await CatalogueCli.AnswerBeforeStartAsync("openapi");

        Assert.True(exit == 64, output);
        Assert.StartsWith("'openapi' is not offered", output.Trim());
    }

    [Fact]
    public async Task projections_rebuild_says_what_it_rebuilt_and_nothing_else()
    {
        await Api.AccessionTheSeed();

        var (exit, output) = await CatalogueCli.RunAsPeopleSeeItAsync(Service.Cluster.ConnectionString, "projections", "rebuild");

        Assert.True(exit == 0, output);
        Assert.Contains("CatalogueRecord: 1 documents from the events", output);
        Assert.Contains("The event chain's sealer is not a read model", output);
        foreach (var noise in new[] { "Press CTRL", "[purple]", "[/]", "info:", "info ", "Wolverine", "Searching" })
        {
            Assert.DoesNotContain(noise, output);
        }
    }

    private static async Task<bool> HasCatalogueSchema(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var query = new NpgsqlCommand("select exists (select 1 from pg_namespace where nspname = 'catalogue')", connection);
        return (bool)(await query.ExecuteScalarAsync())!;
    }
}
