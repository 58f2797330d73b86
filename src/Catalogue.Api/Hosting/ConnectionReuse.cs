using Npgsql;

namespace Catalogue.Api.Hosting;

/// <summary>
/// How a pooled connection is handed to the next caller. By default Npgsql sends <c>DISCARD ALL</c> before a reused
/// connection's next statement, and sends every statement unprepared, so PostgreSQL parses and plans it again each time:
/// at 100,000 records that was half of PostgreSQL's work for a record read (176 µs of its CPU per read; 105 µs without).
/// The service leaves no session state behind on a pooled connection — its session-level locks are taken on unpooled
/// connections (<see cref="Audit.ReadModelLocks"/>), its settings are local to a transaction, Marten's and Wolverine's
/// leadership locks are taken and released on connections of their own — so the reset only costs. The statements it
/// repeats (a record read, an append, the daemon's polls) are prepared once per connection and kept across reuses.
/// <para>
/// A prepared statement is still planned for its values every time (<c>plan_cache_mode=force_custom_plan</c>), as an
/// unprepared one is: after five runs PostgreSQL would otherwise settle on one plan for all values, and a search for a
/// rare word and one for a word in every record need different plans (a generic plan made the facet counts of a
/// search without words several times slower). Preparing saves parsing; planning a primary-key read costs little.
/// </para>
/// <para>
/// No statement is compiled to machine code (<c>jit=off</c>): PostgreSQL compiles a statement whose estimated cost passes
/// <c>jit_above_cost</c>, and a search's counts, which plan branches for every case and run one, were estimated past it —
/// compiling took 88 ms of a count that runs in 32 (at 100,000 records). The service's statements read a bounded part
/// of the catalogue each; none runs long enough to repay compiling it.
/// </para>
/// </summary>
/// <remarks>
/// A connection string's own <c>No Reset On Close</c>, <c>Max Auto Prepare</c> and <c>Options</c> are kept. Behind
/// PgBouncer, which refuses the <c>options</c> start-up parameter, add <c>options</c> to its
/// <c>ignore_startup_parameters</c> and set <c>plan_cache_mode</c> and <c>jit</c> on the service's role instead.
/// </remarks>
public static class ConnectionReuse
{
    /// <summary>Statements kept prepared per connection, the least recently used dropped first.</summary>
    public const int PreparedStatementsPerConnection = 64;

    /// <summary>The settings every connection starts with, unless the connection string gives its own <c>Options</c>.</summary>
    public const string Settings = "-c plan_cache_mode=force_custom_plan -c jit=off";

    public static string ApplyTo(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (!GivenConnectionString.Names(connectionString, "No Reset On Close", "NoResetOnClose")) builder.NoResetOnClose = true;
        if (!GivenConnectionString.Names(connectionString, "Max Auto Prepare", "MaxAutoPrepare")) builder.MaxAutoPrepare = PreparedStatementsPerConnection;
        if (!GivenConnectionString.Names(connectionString, "Options")) builder.Options = Settings;
        return builder.ConnectionString;
    }
}
