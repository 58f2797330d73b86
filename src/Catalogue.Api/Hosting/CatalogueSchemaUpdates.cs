using System.Security.Cryptography;
using System.Text;
using Catalogue.Api.Audit;
using Catalogue.Api.Records;
using Marten;
using Npgsql;
using Weasel.Core.Migrations;
using Wolverine.Persistence.Durability;
using Wolverine.Runtime;

namespace Catalogue.Api.Hosting;

/// <summary>
/// Brings the store's schema and Wolverine's message tables up to date once per process, and on a warm start only
/// checks that they are. Comparing every table, index, function and trigger with the model took a fifth of a second
/// for the store and a quarter for the message tables, and a start did it up to three times (the first-start admin key,
/// the configured keys' check, the host); the schema's comment now names the model it was last brought to, a digest of
/// the whole schema both create, so a start of the same version reads one comment.
/// </summary>
/// <remarks>
/// A schema changed behind the service's back (an index dropped by hand) is not put right by a warm start: <c>db-assert</c>
/// says what differs, <c>db-apply</c> puts it right. The service's role must own the schema to write its comment;
/// otherwise every start compares everything, as before, and says so once.
/// </remarks>
public sealed class CatalogueSchemaUpdates(
    IDocumentStore store, IEnumerable<ReadModelShape> shapes, IServiceProvider services, ILogger<CatalogueSchemaUpdates> logger) : IHostedService
{
    private readonly Lock _gate = new();
    private Task? _updated;

    /// <summary>What the schema's comment says once it holds what this model creates.</summary>
    public static string ModelComment(IDocumentStore store, IMessageStore? messages) =>
        "model " + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(store.Storage.ToDatabaseScript() + ScriptOf(messages))))[..16];

    /// <summary>Wolverine's message tables as SQL; a store that cannot say (none is expected) makes every start compare them.</summary>
    private static string ScriptOf(IMessageStore? messages) => messages switch
    {
        null => "",
        DatabaseBase<NpgsqlConnection> database => database.ToDatabaseScript(),
        _ => Guid.NewGuid().ToString(),
    };

    /// <summary>Brings the schema up to date unless its comment says it is; once per process, however often asked.</summary>
    public async Task EnsureAsync()
    {
        Task updating;
        lock (_gate) updating = _updated ??= UpdateAsync();
        try
        {
            await updating;
        }
        catch
        {
            // Asked again (the database back, say), it tries again.
            lock (_gate) if (_updated == updating) _updated = null;
            throw;
        }
    }

    public Task StartAsync(CancellationToken cancellationToken) => EnsureAsync();

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private async Task UpdateAsync()
    {
        // Resolved here rather than injected: Wolverine's runtime is built from the host's services, this among them.
        var messages = services.GetService<IWolverineRuntime>()?.Storage;
        var model = ModelComment(store, messages);
        await using var connection = (NpgsqlConnection)store.Storage.Database.CreateConnection();
        await connection.OpenAsync();
        // One process at a time, whichever node or verb it is: two started at once on a new database each created the
        // schema beside the other, and one failed ("relation accession_number_seq already exists"; found from outside).
        // The second finds the schema as the first left it. Held on this connection and let go of by hand: a pooled
        // connection is handed on without DISCARD ALL (No Reset On Close), so would keep it.
        await using (var turn = new NpgsqlCommand($"SELECT pg_advisory_lock({SchemaUpdateLockKey})", connection) { CommandTimeout = 0 })
            await turn.ExecuteNonQueryAsync();
        try
        {
            await UpdateInTurnAsync(connection, messages, model);
        }
        finally
        {
            await using var release = new NpgsqlCommand($"SELECT pg_advisory_unlock({SchemaUpdateLockKey})", connection);
            await release.ExecuteNonQueryAsync();
        }
    }

    /// <summary>The advisory lock taken while the schema is compared with the model and brought to it.</summary>
    public const long SchemaUpdateLockKey = 0x63_61_74_5F_73_63_68_6D; // "cat_schm"

    private async Task UpdateInTurnAsync(NpgsqlConnection connection, Wolverine.Persistence.Durability.IMessageStore? messages, string model)
    {
        string? stored;
        await using (var read = new NpgsqlCommand($"SELECT obj_description(to_regnamespace('{CatalogueSchema.Name}'), 'pg_namespace')", connection))
        {
            stored = await read.ExecuteScalarAsync() as string;
            if (stored == model)
            {
                // Nor is each document type's table looked for again the first time a session touches it.
                if (store.Storage.Database is Weasel.Core.Migrations.DatabaseBase<NpgsqlConnection> database) database.MarkAllFeaturesAsChecked();
                return;
            }
        }

        await store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
        if (messages is not null) await messages.Admin.MigrateAsync();
        DateTimeOffset? broughtBefore = null;
        try
        {
            broughtBefore = stored is null ? null : await SchemaHistory.LastBroughtAsync(connection, model);
            var remake = broughtBefore is null ? [] : shapes.ToList();
            await SchemaHistory.NoteAsync(connection, model, remake);
            if (broughtBefore is not null)
            {
                logger.LogWarning(
                    "This version brought the schema {Schema} to its model on {BroughtAt:u}, and another version has brought it to its own since ({Stored}): "
                    + "what that version did not know is gone from the schema, and the read models this version makes otherwise than earlier ones ({ReadModels}) are rebuilt from the events once the service serves. "
                    + "Stop every node of one version before starting another.",
                    CatalogueSchema.Name, broughtBefore, stored, string.Join(", ", remake.Select(s => s.ReadModel)));
            }
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.InsufficientPrivilege && broughtBefore is not null)
        {
            logger.LogWarning(
                "This version brought the schema {Schema} to its model on {BroughtAt:u}, and another version has brought it to its own since ({Stored}); "
                + "this role does not own the schema's tables and cannot have the read models this version makes otherwise than earlier ones rebuilt ({Error}): "
                + "rebuild them with POST /api/admin/projections/rebuild (or the projections rebuild verb) as a role that may, or start once as the schema's owner",
                CatalogueSchema.Name, broughtBefore, stored, e.MessageText);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.InsufficientPrivilege)
        {
            logger.LogWarning(
                "The schema {Schema} is up to date, but this role does not own it and cannot note so ({Error}): every start compares the whole schema with the model",
                CatalogueSchema.Name, e.MessageText);
        }
    }
}
