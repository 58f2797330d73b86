using System.Runtime.Versioning;
using Catalogue.Api.Hosting;
using Catalogue.Tests.Support;
using Microsoft.Extensions.Configuration;

namespace Catalogue.Tests.Hosting.EmbeddedPostgres;

/// <summary>
/// Found from outside: the embedded PostgreSQL took a free port at every start (43025, 41537, 46171, …), and none could
/// be chosen — a firewall rule or a tool's saved connection had nothing to hold on to.
/// </summary>
[UnsupportedOSPlatform("windows")]
public sealed class when_the_embedded_cluster_is_given_a_port
{
    private static IConfiguration Settings(string dataDirectory, string port) => new ConfigurationBuilder()
        .AddInMemoryCollection(new Dictionary<string, string?> { [CatalogueDatabase.DataDirectoryKey] = dataDirectory, [CatalogueDatabase.EmbeddedPortKey] = port })
        .Build();

    [Fact]
    public async Task it_listens_on_that_port()
    {
        var dataDirectory = Path.Combine(Path.GetTempPath(), $"catalogue-port-{Guid.NewGuid():N}"[..36]);
        var port = CatalogueCli.FreeLoopbackPort();
        try
        {
            await using var database = await CatalogueDatabase.ResolveAsync(Settings(dataDirectory, port.ToString(System.Globalization.CultureInfo.InvariantCulture)), runsTheService: false);

            Assert.Equal(port, database.EmbeddedPort);
            Assert.Contains($"Port={port}", database.SharedConnectionString);
        }
        finally
        {
            if (Directory.Exists(dataDirectory)) Directory.Delete(dataDirectory, recursive: true);
        }
    }

    /// <summary>Found from outside: a port taken by another program was "taken before PostgreSQL could bind it; trying another port" twice — the same.</summary>
    [Fact]
    public async Task one_another_program_holds_stops_the_start_saying_so_once()
    {
        var dataDirectory = Path.Combine(Path.GetTempPath(), $"catalogue-port-{Guid.NewGuid():N}"[..36]);
        var holder = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        holder.Start();
        var port = ((System.Net.IPEndPoint)holder.LocalEndpoint).Port;
        try
        {
            var refused = await Assert.ThrowsAsync<Catalogue.Api.Hosting.EmbeddedPostgres.EmbeddedPostgresException>(
                () => CatalogueDatabase.ResolveAsync(Settings(dataDirectory, port.ToString(System.Globalization.CultureInfo.InvariantCulture)), runsTheService: false));

            Assert.StartsWith($"Port {port}, the one asked for (Catalogue:EmbeddedPostgres:Port), is taken by another program: stop it, or name another port.", refused.Message);
        }
        finally
        {
            holder.Stop();
            if (Directory.Exists(dataDirectory)) Directory.Delete(dataDirectory, recursive: true);
        }
    }

    [Theory]
    [InlineData("fifty")]
    [InlineData("80")]
    [InlineData("65536")]
    [InlineData("-5432")]
    public async Task one_that_is_no_port_it_may_take_stops_the_start_naming_it(string port)
    {
        var dataDirectory = Path.Combine(Path.GetTempPath(), $"catalogue-port-{Guid.NewGuid():N}"[..36]);

        var refused = await Assert.ThrowsAsync<CatalogueConfigurationException>(() => CatalogueDatabase.ResolveAsync(Settings(dataDirectory, port), runsTheService: false));

        Assert.Equal($"Catalogue:EmbeddedPostgres:Port must be a port number from 1024 to 65535; it is '{port}'.", refused.Message);
        Assert.False(Directory.Exists(dataDirectory));
    }
}
