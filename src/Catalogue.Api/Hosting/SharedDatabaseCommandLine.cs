namespace Catalogue.Api.Hosting;

/// <summary>
/// <c>database</c>: serves the embedded PostgreSQL to several service nodes on this machine, and nothing else. A
/// service that starts the embedded cluster itself stops it when it stops, so the nodes sharing it would lose their
/// database with that one node; this process owns it instead, and keeps it until it is stopped (Ctrl+C, SIGTERM).
/// Nodes connect with the connection string it prints, or find it by the same <c>Catalogue:DataDirectory</c>.
/// </summary>
public static class SharedDatabaseCommandLine
{
    public const string Usage = "database";

    public const string Description = "serve the embedded PostgreSQL to several service nodes on this machine until Ctrl+C, and print how to start them";

    public static async Task<int> RunAsync(VerbRun run)
    {
        var database = run.Services.GetRequiredService<CatalogueDatabase>();
        if (!database.IsEmbedded)
        {
            await run.Error.WriteLineAsync(
                $"ConnectionStrings:{CatalogueDatabase.ConnectionStringName} names a database: nodes given the same connection string share it, and no embedded PostgreSQL is needed.");
            return CatalogueCommandLine.UsageError;
        }

        if (database.IsSharedEmbedded)
        {
            await run.Error.WriteLineAsync(
                $"The embedded PostgreSQL in {database.EmbeddedDataDirectory} is served by another process already (a running service or `database`): stop it first, then start `database` before the nodes.");
            return 1;
        }

        // The nodes are given a connection string, and a node so started makes no key of its own: the first admin key
        // of an embedded catalogue is made here, as a service starting the cluster itself would.
        var firstKey = run.Services.GetRequiredService<Security.FirstStartAdminKey>();
        await firstKey.StartAsync(run.Cancellation);
        var key = firstKey.CreatedFile is { } created
            ? $"The admin key was created just now in {created}, readable only by {Environment.UserName}: send it as X-Api-Key to any node."
            : firstKey.KeyFile is { } file && File.Exists(file)
                ? $"The admin key is in {file} (created on the first start): send it as X-Api-Key to any node."
                : "API keys: those declared in configuration (Catalogue:ApiKeys) and those made with `keys create`; send one as X-Api-Key.";

        var connectionString = new Npgsql.NpgsqlConnectionStringBuilder(database.SharedConnectionString);
        var given = $"Host={connectionString.Host};Port={connectionString.Port};Database={connectionString.Database};Username={connectionString.Username};Password={connectionString.Password}";
        await run.Output.WriteLineAsync(
            $"""
             The embedded PostgreSQL in {database.EmbeddedDataDirectory} serves on 127.0.0.1:{database.EmbeddedPort}, its schema up to date.
             Start each node with the same connection string and an address of its own, e.g.:
               ConnectionStrings__Catalogue='{given}' dotnet run --project src/Catalogue.Api -- --urls http://127.0.0.1:5081
             (or with Catalogue__DataDirectory={database.EmbeddedDataDirectory} and no connection string).
             {key}
             Stop: Ctrl+C (it stops the embedded PostgreSQL, or leaves it to the last node that still uses it).
             """);
        try
        {
            await Task.Delay(Timeout.Infinite, run.Cancellation);
        }
        catch (OperationCanceledException)
        {
            var users = OperatingSystem.IsWindows() ? [] : EmbeddedPostgres.ClusterSharers.Others(EmbeddedPostgres.ClusterLayout.Under(database.EmbeddedDataDirectory!));
            await run.Output.WriteLineAsync(users.Count == 0
                ? "Stopping the embedded PostgreSQL"
                : $"Leaving the embedded PostgreSQL running for the processes that still use it (PIDs {string.Join(", ", users)}): the last of them stops it");
        }

        return 0;
    }
}
