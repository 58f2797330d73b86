using Catalogue.Tests.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.Json;
using Microsoft.Extensions.DependencyInjection;

namespace Catalogue.Tests.Hosting;

/// <summary>
/// The settings files are read once when the service starts and not watched: a watcher of them watches every folder
/// under the content root, the embedded PostgreSQL's data among them, and wakes at each of its writes.
/// </summary>
public sealed class when_the_service_reads_its_settings(CatalogueService service) : CatalogueScenario(service)
{
    [Fact]
    public void its_settings_files_are_not_watched_for_changes()
    {
        var configuration = (IConfigurationRoot)Service.Host.Services.GetRequiredService<IConfiguration>();
        var files = configuration.Providers.OfType<JsonConfigurationProvider>().ToList();

        Assert.NotEmpty(files);
        Assert.All(files, file => Assert.False(file.Source.ReloadOnChange, $"{file.Source.Path} is watched for changes"));
    }
}
