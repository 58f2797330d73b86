using Catalogue.Api.Audit.Chain;
using Catalogue.Api.Hosting.EmbeddedPostgres;
using Catalogue.Api.Security;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Npgsql;

namespace Catalogue.Api.Hosting;

/// <summary>
/// Says once, when the service serves, what a person starting it needs: where it listens, where its data is, where the
/// admin key is and how to send it, and how to stop it.
/// </summary>
public sealed class StartBanner(
    IHostApplicationLifetime lifetime,
    IServer server,
    CatalogueDatabase database,
    FirstStartAdminKey adminKey,
    AuditOptions audit,
    ILogger<StartBanner> logger) : IHostedService
{
    public Task StartAsync(CancellationToken ct)
    {
        lifetime.ApplicationStarted.Register(() =>
        {
            // A test server listens nowhere and has no one to tell.
            if (server.Features.Get<IServerAddressesFeature>()?.Addresses is not { Count: > 0 } addresses) return;
            logger.LogInformation("{Banner}", Text(addresses.ToList()));
        });
        lifetime.ApplicationStopping.Register(() => logger.LogInformation(
            database.IsEmbedded && !database.IsSharedEmbedded
                ? "Stopping: finishing the requests in progress, then the embedded PostgreSQL"
                : "Stopping: finishing the requests in progress"));
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;

    private string Text(IReadOnlyList<string> addresses)
    {
        var url = addresses[0];
        var lines = new List<string> { $"Catalogue is serving on {string.Join(", ", addresses)}" };
        lines.Add(database.EmbeddedDataDirectory is { } data
            ? $"  data:      {data} (embedded PostgreSQL on 127.0.0.1:{database.EmbeddedPort}{(database.EmbeddedClusterUser is { } user ? $", run as the user {user}" : "")}{(database.IsSharedEmbedded ? ", served by another process" : "")})"
            : $"  database:  {Described(database.ConnectionString)} (ConnectionStrings:Catalogue)");

        if (adminKey.CreatedFile is { } created)
        {
            lines.Add($"  admin key: created just now in {created}, readable only by {Environment.UserName}; send it as X-Api-Key:");
            lines.Add($"             curl -H \"X-Api-Key: $(cat {ExternalCommand.ShellQuote(created)})\" {Reachable(url)}/api/records");
        }
        else if (adminKey.KeyFile is { } file && File.Exists(file))
        {
            lines.Add($"  admin key: {file} (created on the first start); send it as X-Api-Key:");
            lines.Add($"             curl -H \"X-Api-Key: $(cat {ExternalCommand.ShellQuote(file)})\" {Reachable(url)}/api/records");
        }
        else
        {
            lines.Add("  API keys:  those declared in configuration (Catalogue:ApiKeys) and those made with `keys create`; send one as X-Api-Key");
        }

        if (audit.SigningKeyPem is null && audit.SigningKeyFile is null)
        {
            lines.Add($"  checkpoints are signed with the development key {audit.DevelopmentKeyFile}; set Catalogue:Audit:SigningKeyFile for production");
        }

        lines.Add(database.IsEmbedded && !database.IsSharedEmbedded ? "  stop:      Ctrl+C (it stops the embedded PostgreSQL too)" : "  stop:      Ctrl+C");
        return string.Join('\n', lines);
    }

    /// <summary>A wildcard address as curl can reach it from this machine.</summary>
    private static string Reachable(string address)
    {
        var uri = new UriBuilder(address.Replace("://+", "://0.0.0.0", StringComparison.Ordinal).Replace("://*", "://0.0.0.0", StringComparison.Ordinal));
        if (uri.Host is "0.0.0.0" or "[::]" or "::") uri.Host = "127.0.0.1";
        return uri.Uri.GetLeftPart(UriPartial.Authority);
    }

    /// <summary>Host, port and database; never the password.</summary>
    private static string Described(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        return $"PostgreSQL {builder.Host}:{builder.Port}/{builder.Database}";
    }
}
