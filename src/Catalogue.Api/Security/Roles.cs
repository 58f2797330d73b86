namespace Catalogue.Api.Security;

/// <summary>
/// Who may do what. Readers see published records; archivists catalogue; auditors read every record's history
/// and check the store but change nothing; admins do everything, including keys and rebuilds.
/// </summary>
public static class Roles
{
    public const string Reader = "reader";
    public const string Archivist = "archivist";
    public const string Auditor = "auditor";
    public const string Admin = "admin";

    public static readonly IReadOnlyList<string> All = [Reader, Archivist, Auditor, Admin];

    /// <summary>Roles that see records whatever their publication state.</summary>
    public static readonly IReadOnlyList<string> Staff = [Archivist, Auditor, Admin];

    public static bool IsStaff(System.Security.Claims.ClaimsPrincipal user) => Staff.Any(user.IsInRole);
}

/// <summary>The authorisation policies endpoints are put under (see <see cref="EndpointAccess"/>).</summary>
public static class Policies
{
    /// <summary>Published records, search and citations: any role, and anonymous when public reads are on.</summary>
    public const string Read = "read";

    /// <summary>Everything about records whatever their state (browse tree, neighbours): archivists, auditors, admins.</summary>
    public const string Staff = "staff";

    /// <summary>Catalogue commands and imports: archivists and admins.</summary>
    public const string Catalogue = "catalogue";

    /// <summary>History, replay, diff, blame, the audit sweep, verification, exports: auditors and admins.</summary>
    public const string Audit = "audit";

    /// <summary>Keys, rebuilds, re-parse: admins.</summary>
    public const string Admin = "admin";
}
