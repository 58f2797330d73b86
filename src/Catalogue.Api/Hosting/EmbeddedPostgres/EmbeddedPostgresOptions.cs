namespace Catalogue.Api.Hosting.EmbeddedPostgres;

/// <summary>Where and how the embedded PostgreSQL cluster runs.</summary>
/// <remarks>
/// Layout of <see cref="DataDirectory"/> (everything owned by the cluster's OS user):
/// <code>
/// DataDirectory/
///   pgdata/               the cluster itself (initdb target, mode 700)
///   superuser.password    password of the "catalogue" superuser (mode 600), generated on first start
///   postgres.log          server log (pg_ctl -l), appended to on every start
/// </code>
/// The port, socket directory, durability and cache size are passed on every start rather than
/// written into the cluster, so a change of <see cref="Durable"/> takes effect on the next start.
/// </remarks>
public sealed record EmbeddedPostgresOptions
{
    public required string DataDirectory { get; init; }

    /// <summary>Database the connection string points at; created on start when missing.</summary>
    public string Database { get; init; } = "catalogue";

    /// <summary>
    /// True: fsync, synchronous_commit and full_page_writes on. False trades crash safety for speed;
    /// only throwaway clusters (tests) should use it.
    /// </summary>
    public bool Durable { get; init; } = true;

    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// The loopback port to listen on; null picks a free one on each start. A fixed port lets clients that keep
    /// their connection string (a running service) reconnect after the cluster was restarted.
    /// </summary>
    public int? Port { get; init; }

    /// <summary>
    /// PostgreSQL's cache of table and index pages (<c>shared_buffers</c>), in megabytes; null leaves PostgreSQL's own
    /// default (128 MB), which throwaway clusters keep.
    /// </summary>
    public int? SharedBuffersMegabytes { get; init; }

    /// <summary>
    /// The cache a cluster that serves a catalogue gets: an eighth of the memory this process may use (the machine's,
    /// or its container's limit), at least PostgreSQL's default of 128 MB and at most 1 GB. PostgreSQL's default is
    /// sized for the smallest machines; the search index of 100,000 records alone is larger (docs/benchmarks.md).
    /// </summary>
    public static int SharedBuffersFor(long availableBytes) => (int)Math.Clamp(availableBytes / 8 / (1024 * 1024), 128, 1024);

    /// <inheritdoc cref="SharedBuffersFor"/>
    public static int SharedBuffersForThisMachine() => SharedBuffersFor(GC.GetGCMemoryInfo().TotalAvailableMemoryBytes);
}
