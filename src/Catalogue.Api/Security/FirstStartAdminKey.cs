using Catalogue.Api.Hosting;

namespace Catalogue.Api.Security;

/// <summary>
/// An embedded catalogue must not start open: on the first start, when no key exists anywhere, an admin key is
/// created and written once to a file only the owner can read; the start banner says where, and how to send it.
/// Deployments with their own database declare their first key in configuration instead.
/// </summary>
public sealed class FirstStartAdminKey(
    ApiKeys keys, CatalogueSchemaUpdates schema, CatalogueDatabase database, IConfiguration configuration) : IHostedService
{
    public const string FileName = "admin-api-key";

    /// <summary>The file of the key this start created; null when it created none.</summary>
    public string? CreatedFile { get; private set; }

    /// <summary>Where the first start writes the key, whether or not it exists; null without the embedded database.</summary>
    public string? KeyFile => database.EmbeddedDataDirectory is { } dataDirectory ? Path.Combine(dataDirectory, FileName) : null;

    public async Task StartAsync(CancellationToken ct)
    {
        if (database.EmbeddedDataDirectory is not { } dataDirectory) return;
        if (SecurityServices.ConfiguredKeys(configuration).Count > 0) return;

        await schema.EnsureAsync();
        if (await keys.AnyStoredAsync(ct)) return;

        if ((await keys.CreateAsync("admin", Roles.Admin, "first start", ct)).Issued is not { } issued) return;

        var file = Path.Combine(dataDirectory, FileName);
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        // Created owner-only, so the key is never readable by others, not even for a moment.
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        await using (var writer = new StreamWriter(file, System.Text.Encoding.ASCII, options))
        {
            await writer.WriteAsync((issued.Key + "\n").AsMemory(), ct);
        }

        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        CreatedFile = file;
    }

    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
}
