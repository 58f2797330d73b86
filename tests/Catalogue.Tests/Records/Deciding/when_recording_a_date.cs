using Catalogue.Api.Records;
using Catalogue.Tests.Support;
using static Catalogue.Tests.Support.RecordLives;

namespace Catalogue.Tests.Records.Deciding;

/// <summary>A record has at most one date in each role; replacing one is a revision and needs a reason.</summary>
public sealed class when_recording_a_date
{
    private static readonly CatalogueRecord Described = ARecord(new DateRecorded(DateRoles.Described, "November 10, 1949", "1949-11-10"));

    [Fact]
    public void a_date_in_a_role_the_record_has_none_for_is_recorded() =>
        RecordDateEndpoint.Decide(new RecordDate(DateRoles.Created, " 1 December 1949 ", " 1949-12-01 "), Described)
            .ShouldAppend(new DateRecorded(DateRoles.Created, "1 December 1949", "1949-12-01"));

    [Fact]
    public void another_date_in_the_same_role_is_a_revision_with_a_reason() =>
        RecordDateEndpoint.Decide(new RecordDate(DateRoles.Described, "10 November 1949", "1949-11-10", Reason: "House style"), Described)
            .ShouldAppend(new DateRevised(DateRoles.Described, "10 November 1949", "1949-11-10"));

    [Fact]
    public void another_date_in_the_same_role_needs_a_reason() =>
        RecordDateEndpoint.Decide(new RecordDate(DateRoles.Described, "1949?", "1949?"), Described).ShouldNeedAReason();

    [Fact]
    public void the_same_date_changes_nothing() =>
        RecordDateEndpoint.Decide(new RecordDate(DateRoles.Described, "November 10, 1949", "1949-11-10"), Described).ShouldChangeNothing();
}
