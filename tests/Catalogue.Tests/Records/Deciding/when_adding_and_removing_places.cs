using Catalogue.Api.Records;
using Catalogue.Tests.Support;
using static Catalogue.Tests.Support.RecordLives;

namespace Catalogue.Tests.Records.Deciding;

/// <summary>Places are access points as subjects are: matched in any letter case, when they are added and when they are removed.</summary>
public sealed class when_adding_and_removing_places
{
    private static readonly CatalogueRecord InMoscow = ARecord(new PlacesAdded(["Moscow", "Beijing"]));

    [Fact]
    public void only_the_places_the_record_does_not_have_are_added() =>
        AddPlacesEndpoint.Decide(new AddPlaces(["moscow", " Pyongyang ", "Pyongyang", "PYONGYANG"]), InMoscow).ShouldAppend(new PlacesAdded(["Pyongyang"]));

    [Fact]
    public void places_the_record_has_in_any_letter_case_change_nothing() =>
        AddPlacesEndpoint.Decide(new AddPlaces(["MOSCOW", "Beijing"]), InMoscow).ShouldChangeNothing();

    [Fact]
    public void a_removal_names_the_places_as_the_record_has_them() =>
        RemovePlacesEndpoint.Decide(new RemovePlaces([" beijing "], "The conversation took place in Moscow"), InMoscow)
            .ShouldAppend(new PlacesRemoved(["Beijing"]));

    [Fact]
    public void a_removal_naming_a_place_the_record_does_not_have_removes_nothing_and_names_it()
    {
        var refusal = RemovePlacesEndpoint.Decide(new RemovePlaces(["Beijing", "Peking"], "Not where it was written"), InMoscow)
            .ShouldBeRefused("places");

        Assert.Contains("'Peking'", refusal.Detail);
        Assert.DoesNotContain("'Beijing'", refusal.Detail);
    }

    [Fact]
    public void the_fold_keeps_the_places_in_the_order_they_were_added()
    {
        var record = RecordEvolution.Fold(InMoscow, [new PlacesAdded(["Pyongyang"]), new PlacesRemoved(["Moscow"])])!;

        Assert.Equal(["Beijing", "Pyongyang"], record.Places);
    }

    [Fact]
    public void a_place_typed_with_a_combining_accent_is_the_place_typed_with_its_accented_letter()
    {
        var record = RecordEvolution.Fold(InMoscow, [new PlacesAdded(["Bra\u0161ov"])])!;

        AddPlacesEndpoint.Decide(new AddPlaces(["Bras\u030Cov", "BRA\u0160OV"]), record).ShouldChangeNothing();
        AddPlacesEndpoint.Decide(new AddPlaces(["Plzen\u030C"]), record).ShouldAppend(new PlacesAdded(["Plze\u0148"]));
    }
}
