using Catalogue.Api.Credits;
using Catalogue.Api.Records;
using Catalogue.Tests.Support;
using static Catalogue.Tests.Support.RecordLives;

namespace Catalogue.Tests.Credits.Deciding;

/// <summary>The people through whom a copy reached the catalogue are credited each once, as composed letters.</summary>
public sealed class when_crediting_an_acquisition
{
    [Fact]
    public void a_person_typed_trimmed_or_with_a_combining_accent_is_credited_once()
    {
        const string credit = "Obtained for CWIHP by Kathryn Weathersby and Csaba Békés";

        CreditAcquisitionEndpoint.Decide(new CreditAcquisition(AcquisitionRoles.Obtained, ["Kathryn Weathersby", " Csaba Be\u0301ke\u0301s ", "Csaba Békés"], credit), ARecord())
            .ShouldAppend(new AcquisitionCredited(2, AcquisitionRoles.Obtained, ["Kathryn Weathersby", "Csaba Békés"], credit));
    }

    [Fact]
    public void the_same_credit_with_the_people_typed_in_the_other_form_changes_nothing()
    {
        var record = ARecord(new AcquisitionCredited(2, AcquisitionRoles.Provided, ["Csaba Békés"], "Provided by Csaba Békés"));

        CreditAcquisitionEndpoint.Decide(new CreditAcquisition(AcquisitionRoles.Provided, ["Csaba Be\u0301ke\u0301s"], "Provided by Csaba Békés"), record).ShouldChangeNothing();
    }
}
