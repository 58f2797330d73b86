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
}
