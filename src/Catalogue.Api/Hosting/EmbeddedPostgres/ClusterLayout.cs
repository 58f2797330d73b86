namespace Catalogue.Api.Hosting.EmbeddedPostgres;

/// <summary>The files of one embedded cluster; see <see cref="EmbeddedPostgresOptions"/> for the layout.</summary>
internal sealed record ClusterLayout(string Root)
{
    public string PgData => Path.Combine(Root, "pgdata");

    public string PasswordFile => Path.Combine(Root, "superuser.password");

    public string LogFile => Path.Combine(Root, "postgres.log");

    public string PidFile => Path.Combine(PgData, "postmaster.pid");

    /// <summary>The process id of the service that started the running server.</summary>
    public string OwnerFile => Path.Combine(Root, "owner.pid");

    public bool IsInitialised => File.Exists(Path.Combine(PgData, "PG_VERSION"));

    public static ClusterLayout Under(string dataDirectory) =>
        new(Path.TrimEndingDirectorySeparator(Path.GetFullPath(dataDirectory)));
}
