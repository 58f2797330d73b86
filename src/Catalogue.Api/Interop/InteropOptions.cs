using System.Text.RegularExpressions;

namespace Catalogue.Api.Interop;

/// <summary>
/// Who keeps this catalogue, as the archive world's formats name it: the maintenance agency of every EAD3 export and
/// the publisher of every Dublin Core record.
/// </summary>
public sealed partial class InteropOptions
{
    public const string Section = "Catalogue:Interop";

    /// <summary>The institution's name ("Wilson Center Digital Archive").</summary>
    public string AgencyName { get; set; } = "Catalogue";

    /// <summary>Its ISIL (ISO 15511) code when it has one ("US-DcWC"); EAD3's agencycode.</summary>
    public string? AgencyCode { get; set; }

    /// <summary>The rights statement exports carry (Dublin Core's rights); none when not set.</summary>
    public string? Rights { get; set; }

    /// <summary>Whom harvesters write to about the OAI-PMH provider (Identify's adminEmail).</summary>
    public string AdminEmail { get; set; } = "catalogue@example.org";

    /// <summary>
    /// The repository part of OAI identifiers (<c>oai:archive.example.org:ID</c>): a domain name the institution holds.
    /// Unset, the host name requests reach the service by; set it once harvesters rely on the identifiers.
    /// </summary>
    public string? OaiRepositoryIdentifier { get; set; }

    /// <summary>Records a ListRecords page holds.</summary>
    public int OaiRecordsPerPage { get; set; } = 100;

    /// <summary>Headers a ListIdentifiers page holds.</summary>
    public int OaiIdentifiersPerPage { get; set; } = 500;

    /// <summary>Records a fond's or file's finding aid reads at a time, and so holds in memory at most, however large the fond.</summary>
    public int FindingAidRecordsPerRead { get; set; } = 500;

    /// <summary>An address as OAI-PMH.xsd's emailAddressType takes it.</summary>
    public static bool IsEmailAddress(string? value) => value is not null && EmailAddress().IsMatch(value);

    /// <summary>A repository identifier as the OAI identifier scheme (oai-identifier.xsd) takes it: a domain name.</summary>
    public static bool IsRepositoryIdentifier(string value) => RepositoryIdentifier().IsMatch(value);

    [GeneratedRegex(@"^\S+@(\S+\.)+\S+$")]
    private static partial Regex EmailAddress();

    [GeneratedRegex(@"^[a-zA-Z][a-zA-Z0-9\-]*(\.[a-zA-Z][a-zA-Z0-9\-]*)+$")]
    private static partial Regex RepositoryIdentifier();
}
