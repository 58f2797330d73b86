using Catalogue.Api.Audit.Chain;
using Catalogue.Tests.Support;

namespace Catalogue.Tests.Hosting;

/// <summary>
/// The daemon that seals the event chain takes a PostgreSQL advisory lock when a service starts. The server's log is
/// where an operator looks when something is wrong; the lock must not leave a warning there on every start.
/// </summary>
public sealed class when_the_projection_daemon_takes_its_lock(CatalogueService service) : CatalogueScenario(service)
{
    [Fact]
    public async Task postgresql_logs_no_warning_about_it()
    {
        var log = Path.Combine(Service.Cluster.DataDirectory, "postgres.log");
        var from = new FileInfo(log).Length;

        await using (var catalogue = await Service.StartOwnCatalogueAsync("catalogue_daemon_lock"))
        {
            await catalogue.Admin.AccessionTheSeed();
            // Sealed means the daemon holds its lock.
            await EventChain.WaitUntilSealedAsync(catalogue.Services, TimeSpan.FromSeconds(30));
        }

        await using var stream = new FileStream(log, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        stream.Seek(from, SeekOrigin.Begin);
        var written = await new StreamReader(stream).ReadToEndAsync();
        Assert.DoesNotContain("SET LOCAL", written);
    }
}
