using Catalogue.Api.Hosting;
using Catalogue.Api.Hosting.EmbeddedPostgres;
using Catalogue.Api.Observability;

if (args is ["healthcheck", ..]) return await HealthProbe.RunAsync(args);
if (await Catalogue.Api.Audit.Chain.ChainCommandLine.TryRunOfflineAsync(args) is { } offline) return offline;
if (await CatalogueCommandLine.AnswerBeforeStartAsync(args, Console.Out, Console.Error) is { } answered) return answered;

var runsTheService = CatalogueCommandLine.RunsTheService(args);
var builder = WebApplication.CreateBuilder(args);
if (string.IsNullOrEmpty(builder.Configuration["urls"]) && string.IsNullOrEmpty(builder.Configuration["ASPNETCORE_URLS"]))
{
    builder.WebHost.UseUrls(CatalogueDatabase.DefaultUrl);
}

// Before the database: a second start beside a running service would otherwise join that service's database first.
// A test host listens nowhere.
if (runsTheService && !builder.Environment.IsEnvironment("Testing")
    && ListeningAddresses.Refusal(builder.Configuration["urls"] ?? builder.Configuration["ASPNETCORE_URLS"] ?? CatalogueDatabase.DefaultUrl) is { } refusal)
{
    await Console.Error.WriteLineAsync(refusal);
    return 2;
}

CatalogueDatabase database;
try
{
    database = await CatalogueDatabase.ResolveAsync(builder.Configuration, runsTheService);
}
// A test host has no console to read: under Testing the exception itself reaches the test and says why.
catch (EmbeddedPostgresException ex) when (!builder.Environment.IsEnvironment("Testing"))
{
    await Console.Error.WriteLineAsync($"Catalogue could not start its embedded PostgreSQL.\n{ex.Message}");
    return 2;
}

await using var stopsTheEmbeddedClusterOnExit = database;
// Registered through a factory so the container owns it: a host that never reaches the end of Program (a test host) still stops the embedded cluster.
builder.Services.AddSingleton(_ => database);
builder.Services.AddCatalogueStore(database.ConnectionString);
// A private embedded cluster can only ever serve one node; so can the tests' database.
builder.AddCatalogueHttp(singleNode: database.IsEmbedded || builder.Environment.IsEnvironment("Testing"));
builder.AddCatalogueObservability(runsTheService);

var app = builder.Build();
app.MapCatalogue();

return await CatalogueCommandLine.RunAsync(app, args);

/// <summary>Visible to the integration tests' host.</summary>
public partial class Program;
