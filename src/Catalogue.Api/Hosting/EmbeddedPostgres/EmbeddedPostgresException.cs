namespace Catalogue.Api.Hosting.EmbeddedPostgres;

/// <summary>The embedded cluster could not be found, initialised, started or stopped; the message says what to do.</summary>
public sealed class EmbeddedPostgresException : Exception
{
    public EmbeddedPostgresException(string message)
        : base(message)
    {
    }

    public EmbeddedPostgresException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Set when the cluster's OS user cannot enter this folder on the way to the data directory.</summary>
    public string? UnreachableFolder { get; init; }
}
