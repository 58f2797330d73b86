using Catalogue.Api.Hosting;

var builder = WebApplication.CreateBuilder(args);
if (string.IsNullOrEmpty(builder.Configuration["urls"]) && string.IsNullOrEmpty(builder.Configuration["ASPNETCORE_URLS"]))
{
    builder.WebHost.UseUrls(CatalogueDatabase.DefaultUrl);
}

await using var database = await CatalogueDatabase.ResolveAsync(builder.Configuration, builder.Environment);
builder.Services.AddCatalogueStore(database.ConnectionString);
// A private embedded cluster can only ever serve one node; so can the tests' database.
builder.AddCatalogueHttp(singleNode: database.IsEmbedded || builder.Environment.IsEnvironment("Testing"));

var app = builder.Build();
app.MapCatalogue();

return await CatalogueCommandLine.RunAsync(app, args);

/// <summary>Visible to the integration tests' host.</summary>
public partial class Program;
