using System.Globalization;
using System.Text.Json.Serialization;
using Catalogue.Api.Hosting;
using Npgsql;
using NpgsqlTypes;

namespace Catalogue.Api.Audit.Chain;

/// <summary>
/// A signed statement that the chain was sealed up to <see cref="LastSeq"/> with head <see cref="HeadHash"/> at
/// <see cref="SignedAt"/>. An auditor who keeps one can later prove that history up to it was not rewritten, even by
/// someone able to recompute every seal: they cannot sign.
/// </summary>
/// <param name="Statement">The exact text signed (UTF-8); rebuilt from the other fields by every verifier.</param>
/// <param name="Signature">ECDSA P-256 over SHA-256 of the statement, DER-encoded, in base64.</param>
public sealed record Checkpoint(
    long Number, long LastSeq, long SealedCount, string HeadHash, string SignedAt, string KeyId, string Statement, string Signature)
{
    public const string AlgorithmName = "ECDSA P-256 with SHA-256, DER signature over the UTF-8 statement";
    public const string StatementTitle = "catalogue event chain checkpoint v1";

    public string Algorithm => AlgorithmName;

    [JsonIgnore]
    public byte[] SignatureBytes => Convert.FromBase64String(Signature);

    [JsonIgnore]
    public DateTimeOffset SignedAtTime => DateTimeOffset.Parse(SignedAt, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);

    public static string StatementFor(long lastSeq, long sealedCount, string headHash, string signedAt, string keyId) =>
        $"{StatementTitle}\nlast-seq: {lastSeq.ToString(CultureInfo.InvariantCulture)}\nsealed-count: {sealedCount.ToString(CultureInfo.InvariantCulture)}\n" +
        $"head: {headHash}\nsigned-at: {signedAt}\nkey: {keyId}\n";

    public bool StatementMatchesFields() => Statement == StatementFor(LastSeq, SealedCount, HeadHash, SignedAt, KeyId);

    /// <summary>What a checkpoint read from a file lacks to be one (a file holding <c>{}</c>); null when it has every field.</summary>
    public string? Lacks()
    {
        string[] missing =
        [
            .. new (string Name, bool Given)[]
            {
                ("number", Number > 0), ("lastSeq", LastSeq > 0), ("headHash", !string.IsNullOrEmpty(HeadHash)), ("signedAt", !string.IsNullOrEmpty(SignedAt)),
                ("keyId", !string.IsNullOrEmpty(KeyId)), ("statement", !string.IsNullOrEmpty(Statement)), ("signature", !string.IsNullOrEmpty(Signature)),
            }.Where(f => !f.Given).Select(f => f.Name),
        ];
        if (missing.Length > 0) return $"it has no {string.Join(", ", missing)}";
        return Convert.TryFromBase64String(Signature, new byte[Signature.Length], out _) ? null : "its signature is not base64";
    }

    internal const string Columns = "number, last_seq_id, sealed_count, head_hash, signed_at, key_id, statement, signature";

    internal static Checkpoint Read(NpgsqlDataReader reader) => new(
        reader.GetInt64(0),
        reader.GetInt64(1),
        reader.GetInt64(2),
        Convert.ToHexStringLower(reader.GetFieldValue<byte[]>(3)),
        ChainEvent.CanonicalTimestamp(reader.GetFieldValue<DateTime>(4)),
        reader.GetString(5),
        reader.GetString(6),
        Convert.ToBase64String(reader.GetFieldValue<byte[]>(7)));
}

/// <summary>A checkpoint request's outcome: signed, not needed (the head has not moved), or refused because the chain is broken.</summary>
public sealed record CheckpointOutcome(Checkpoint? Checkpoint, bool Created, ChainVerification? Verification)
{
    /// <summary>
    /// Another signing (a request, a node's timer, the command line) held the turn for longer than a signing waits
    /// (<see cref="ChainCheckpoints.TurnWait"/>): nothing was checked or signed.
    /// Waiting for it held a connection for as long as that one checked the chain — minutes, on a first checkpoint of a
    /// long chain — and ended in the database's time-out (found from outside: five of six requests at once were 503).
    /// </summary>
    public static readonly CheckpointOutcome BeingSigned = new(null, false, null);

    public bool IsBeingSignedElsewhere => Verification is null;
}

/// <summary>Signs and keeps checkpoints of the chain head, after checking the chain since the last one it can trust.</summary>
public sealed class ChainCheckpoints(NpgsqlDataSource dataSource, ChainVerifier verifier, CheckpointSigningKey signingKey, TimeProvider time)
{
    /// <param name="onlyIfAdvanced">Answer the latest checkpoint instead of signing again when the head has not moved.</param>
    public async Task<CheckpointOutcome> CreateAsync(bool onlyIfAdvanced, CancellationToken ct) => (await CreateAsync(onlyIfAdvanced, null, ct))!;

    /// <summary>
    /// Signs as <see cref="CreateAsync(bool, CancellationToken)"/> does when the head has moved, unless a checkpoint was
    /// signed after <paramref name="since"/> (by another node, whose timer runs as this one's): null then. Every node
    /// signs on its own timer; without it N nodes signed N checkpoints an interval.
    /// </summary>
    public Task<CheckpointOutcome?> CreateUnlessSignedSinceAsync(DateTimeOffset since, CancellationToken ct) => CreateAsync(onlyIfAdvanced: true, since, ct);

    /// <summary>How long a signing waits for the one before it to be signed.</summary>
    public static readonly TimeSpan TurnWait = TimeSpan.FromSeconds(5);

    private async Task<CheckpointOutcome?> CreateAsync(bool onlyIfAdvanced, DateTimeOffset? notSignedSince, CancellationToken ct)
    {
        // One signing at a time: two signed at once were numbered in the order of their inserts, so a later number
        // could say an earlier time (and, with appends going on, an earlier head) than the one before it.
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        // A signing that checks what the last checkpoint vouched for onwards takes a moment, and the next waits for it; one
        // that checks a whole long chain takes minutes, and those asking beside it are told so rather than held.
        await using (var signing = new NpgsqlCommand(
                         $"set local lock_timeout = '{(int)TurnWait.TotalMilliseconds}ms'; select pg_advisory_xact_lock({EventChainSchema.CheckpointLockKey}); set local lock_timeout to default",
                         connection, transaction))
        {
            try
            {
                await signing.ExecuteNonQueryAsync(ct);
            }
            catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.LockNotAvailable)
            {
                return CheckpointOutcome.BeingSigned;
            }
        }

        var latest = await LatestAsync(ct);
        if (notSignedSince is { } since && latest is not null && latest.SignedAtTime > since) return null;
        var trusted = latest is not null && latest.KeyId == signingKey.KeyId && latest.StatementMatchesFields()
                      && signingKey.Verify(latest.Statement, latest.SignatureBytes)
            ? latest
            : null;

        var verification = trusted is null
            ? await verifier.VerifyAsync(ct)
            : await verifier.VerifyAfterAsync(new ChainHead(trusted.LastSeq, Convert.FromHexString(trusted.HeadHash)), trusted.SealedCount, ct);
        if (!verification.IsIntact) return new CheckpointOutcome(null, false, verification);
        if (onlyIfAdvanced && latest is not null && latest.LastSeq == verification.HeadSeq && latest.HeadHash == verification.HeadHash)
        {
            return new CheckpointOutcome(latest, false, verification);
        }

        var now = time.GetUtcNow().UtcDateTime;
        var signedAt = new DateTime(now.Ticks - now.Ticks % 10, DateTimeKind.Utc); // PostgreSQL keeps microseconds
        var signedAtText = ChainEvent.CanonicalTimestamp(signedAt);
        var statement = Checkpoint.StatementFor(verification.HeadSeq, verification.SealedCount, verification.HeadHash, signedAtText, signingKey.KeyId);
        var signature = signingKey.Sign(statement);

        await using var command = new NpgsqlCommand(
            $"insert into {EventChainSchema.Checkpoints} (last_seq_id, sealed_count, head_hash, signed_at, key_id, statement, signature) " +
            "values (@seq, @count, @head, @at, @key, @statement, @signature) returning number", connection, transaction);
        command.Parameters.AddWithValue("seq", NpgsqlDbType.Bigint, verification.HeadSeq);
        command.Parameters.AddWithValue("count", NpgsqlDbType.Bigint, verification.SealedCount);
        command.Parameters.AddWithValue("head", NpgsqlDbType.Bytea, Convert.FromHexString(verification.HeadHash));
        command.Parameters.AddWithValue("at", NpgsqlDbType.TimestampTz, signedAt);
        command.Parameters.AddWithValue("key", NpgsqlDbType.Varchar, signingKey.KeyId);
        command.Parameters.AddWithValue("statement", NpgsqlDbType.Text, statement);
        command.Parameters.AddWithValue("signature", NpgsqlDbType.Bytea, signature);
        var number = (long)(await command.ExecuteScalarAsync(ct))!;
        await transaction.CommitAsync(ct);

        var checkpoint = new Checkpoint(
            number, verification.HeadSeq, verification.SealedCount, verification.HeadHash, signedAtText, signingKey.KeyId, statement,
            Convert.ToBase64String(signature));
        return new CheckpointOutcome(checkpoint, true, verification);
    }

    public async Task<Checkpoint?> GetAsync(long number, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand($"select {Checkpoint.Columns} from {EventChainSchema.Checkpoints} where number = @number");
        command.Parameters.AddWithValue("number", NpgsqlDbType.Bigint, number);
        await using var reader = await command.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct) ? Checkpoint.Read(reader) : null;
    }

    public async Task<Checkpoint?> LatestAsync(CancellationToken ct) => (await ListAsync(1, ct)).FirstOrDefault();

    /// <summary>The key this node signs with.</summary>
    public string KeyId => signingKey.KeyId;

    /// <summary>
    /// The latest checkpoint signed with another key after the last one signed with this node's key — or, when this key
    /// has signed none, after <paramref name="sinceNumber"/> (the latest when this node began to sign) — if any.
    /// </summary>
    public async Task<Checkpoint?> SignedBesideAsync(long sinceNumber, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand(
            $"select {Checkpoint.Columns} from {EventChainSchema.Checkpoints} " +
            $"where key_id <> @key and number > coalesce((select max(number) from {EventChainSchema.Checkpoints} where key_id = @key), @since) order by number desc limit 1");
        command.Parameters.AddWithValue("key", NpgsqlDbType.Varchar, signingKey.KeyId);
        command.Parameters.AddWithValue("since", NpgsqlDbType.Bigint, sinceNumber);
        await using var reader = await command.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct) ? Checkpoint.Read(reader) : null;
    }

    /// <summary>The newest checkpoints first.</summary>
    public async Task<IReadOnlyList<Checkpoint>> ListAsync(int limit, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand(
            $"select {Checkpoint.Columns} from {EventChainSchema.Checkpoints} order by number desc limit @limit");
        command.Parameters.AddWithValue("limit", NpgsqlDbType.Integer, limit);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var checkpoints = new List<Checkpoint>();
        while (await reader.ReadAsync(ct)) checkpoints.Add(Checkpoint.Read(reader));
        return checkpoints;
    }

    internal static async Task<IReadOnlyList<Checkpoint>> ReadAllAsync(NpgsqlConnection connection, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand($"select {Checkpoint.Columns} from {EventChainSchema.Checkpoints} order by number", connection);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var checkpoints = new List<Checkpoint>();
        while (await reader.ReadAsync(ct)) checkpoints.Add(Checkpoint.Read(reader));
        return checkpoints;
    }
}

/// <summary>Signs a checkpoint every <c>Catalogue:Audit:CheckpointInterval</c> (default one hour) when the head has moved.</summary>
public sealed class PeriodicCheckpoints(ChainCheckpoints checkpoints, AuditOptions options, TimeProvider time, ILogger<PeriodicCheckpoints> logger)
    : BackgroundService
{
    private long? _latestWhenBegun;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.CheckpointInterval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            await TickAsync(stoppingToken);
        }
    }

    public async Task TickAsync(CancellationToken ct)
    {
        try
        {
            await WarnOfAnotherKeyAsync(ct);
            // A little short of a whole interval, so that the timer's own drift does not skip a turn.
            var outcome = await checkpoints.CreateUnlessSignedSinceAsync(time.GetUtcNow() - options.CheckpointInterval * 0.9, ct);
            // Being signed by another request or node now: that one is this interval's.
            if (outcome is null || outcome.IsBeingSignedElsewhere) return;
            if (outcome.Checkpoint is null)
            {
                logger.LogError(
                    "No checkpoint signed: the event chain is broken at seq {Seq} ({Kind}): {Meaning}",
                    outcome.Verification!.Break!.SeqId, outcome.Verification.Break.Kind, outcome.Verification.Break.Meaning);
            }
            else if (outcome.Created)
            {
                logger.LogInformation(
                    "Signed checkpoint #{Number}: {Count} events, head {Head} at seq {Seq}",
                    outcome.Checkpoint.Number, outcome.Checkpoint.SealedCount, outcome.Checkpoint.HeadHash, outcome.Checkpoint.LastSeq);
            }
        }
        catch (Exception ex) when (CatalogueExceptionHandler.IsDatabaseFailure(ex))
        {
            logger.LogWarning(ex, "Could not sign a checkpoint this time; trying again in {Interval}", options.CheckpointInterval);
        }
    }

    /// <summary>
    /// Warns when a node signs with another key than this one's since this one last signed: an auditor holding one key
    /// cannot verify the other's checkpoints (verify counts them as of other keys), and the public key a node gives
    /// depends on which node answers. A key replaced for good signs after the last of the old one, and is not warned of.
    /// </summary>
    private async Task WarnOfAnotherKeyAsync(CancellationToken ct)
    {
        // A node whose key has signed nothing yet (it always comes second to another node's timer) is found by what
        // another key signed after it began: a key that replaced another for good is then the only one signing.
        _latestWhenBegun ??= (await checkpoints.LatestAsync(ct))?.Number ?? 0;
        if (await checkpoints.SignedBesideAsync(_latestWhenBegun.Value, ct) is not { } other) return;
        logger.LogWarning(
            "Checkpoint #{Number} was signed with key {OtherKey} after this node last signed, or began to sign, with {Key}: every node must sign with the same key "
            + "(Catalogue:Audit:SigningKeyFile or SigningKeyPem), or auditors holding one key cannot verify the other's checkpoints",
            other.Number, other.KeyId, checkpoints.KeyId);
    }
}
