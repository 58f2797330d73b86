using Npgsql;

namespace Catalogue.Api.Hosting;

/// <summary>
/// How long the service waits for PostgreSQL, set once on the connection string so that Marten, Wolverine and every
/// direct Npgsql call share it. A command that does not finish in time is cancelled on the server and the request
/// answers 503 with Retry-After instead of holding its connection and its client.
/// </summary>
/// <remarks>
/// <c>Catalogue:Database:CommandTimeoutSeconds</c> and <c>Catalogue:Database:ConnectTimeoutSeconds</c> win when set;
/// otherwise a connection string's own <c>Command Timeout</c> / <c>Timeout</c> is kept; otherwise the defaults here.
/// </remarks>
public static class DatabaseTimeouts
{
    public const string CommandTimeoutKey = "Catalogue:Database:CommandTimeoutSeconds";
    public const string ConnectTimeoutKey = "Catalogue:Database:ConnectTimeoutSeconds";

    /// <summary>Npgsql's own default: long enough for the sweeps and rebuilds, which page through history in short queries.</summary>
    public const int DefaultCommandTimeoutSeconds = 30;

    /// <summary>Shorter than Npgsql's 15 s: a database that cannot be reached should be reported quickly, not waited for.</summary>
    public const int DefaultConnectTimeoutSeconds = 5;

    public static string ApplyTo(string connectionString, IConfiguration configuration)
    {
        NpgsqlConnectionStringBuilder builder;
        try
        {
            builder = new NpgsqlConnectionStringBuilder(connectionString);
        }
        catch (Exception e) when (e is ArgumentException or FormatException or KeyNotFoundException)
        {
            // The replica's connection string is checked as it is read (CatalogueReads); only the catalogue's own gets here unchecked.
            throw new CatalogueConfigurationException($"ConnectionStrings:Catalogue must be a PostgreSQL connection string: {e.Message}");
        }

        builder.CommandTimeout = Seconds(configuration, CommandTimeoutKey, most: 3600)
            ?? (GivenConnectionString.Names(connectionString, "Command Timeout", "CommandTimeout") ? builder.CommandTimeout : DefaultCommandTimeoutSeconds);
        // Npgsql takes a connect timeout of at most 1024 s.
        builder.Timeout = Seconds(configuration, ConnectTimeoutKey, most: 1024)
            ?? (GivenConnectionString.Names(connectionString, "Timeout") ? builder.Timeout : DefaultConnectTimeoutSeconds);
        return builder.ConnectionString;
    }

    private static int? Seconds(IConfiguration configuration, string key, int most) =>
        CatalogueConfigurationException.Integer(configuration, key, $"a whole number of seconds from 1 to {most}", least: 1, most: most);
}
