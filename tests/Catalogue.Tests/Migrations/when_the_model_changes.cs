using Catalogue.Tests.Support;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Weasel.Core.Migrations;
using Wolverine.Runtime;

namespace Catalogue.Tests.Migrations;

/// <summary>
/// The SQL under migrations/ is what deployments apply; it must be exactly what the Marten and Wolverine model
/// would create. When this fails, regenerate the files as the README's "Database schema" section says.
/// </summary>
public sealed class when_the_model_changes(CatalogueService service) : CatalogueScenario(service)
{
    [Fact]
    public void the_committed_catalogue_store_schema_matches_the_marten_model()
    {
        var script = Service.Host.Services.GetRequiredService<IDocumentStore>().Storage.ToDatabaseScript();

        AssertSameSql(RepositoryFiles.PathOf("migrations", "001_catalogue_store.sql"), script);
    }

    [Fact]
    public void the_committed_message_store_schema_matches_the_wolverine_model()
    {
        var storage = Service.Host.Services.GetRequiredService<IWolverineRuntime>().Storage;
        var database = Assert.IsAssignableFrom<IDatabase>(storage);

        AssertSameSql(RepositoryFiles.PathOf("migrations", "002_wolverine_messages.sql"), database.ToDatabaseScript());
    }

    [Fact]
    public async Task a_started_catalogue_has_nothing_left_to_change_at_the_next_start()
    {
        // Weasel compares each object as PostgreSQL describes it with the model; an object it reads back otherwise (an
        // index on an expression, a predicate) would be dropped and created again at every start.
        await Service.Host.Services.GetRequiredService<IDocumentStore>().Storage.Database.AssertDatabaseMatchesConfigurationAsync();
    }

    private static void AssertSameSql(string committedFile, string generated)
    {
        var committed = Normalise(File.ReadAllText(committedFile));
        Assert.True(
            committed == Normalise(generated),
            $"{Path.GetFileName(committedFile)} no longer matches the model. Regenerate it (README, \"Database schema\").");
    }

    private static string Normalise(string sql) => string.Join('\n', sql.ReplaceLineEndings("\n").Split('\n').Select(l => l.TrimEnd())).Trim();
}
