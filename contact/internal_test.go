package contact

import (
	"testing"
	"time"
	_ "time/tzdata" // the zones of the tests, whatever the machine has

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vipcare/vipcare"
	"github.com/vipcare/vipcare/internal/civil"
)

func TestChannelIndexKeepsInStepWithChannels(t *testing.T) {
	all := vipcare.Channels()
	require.Len(t, all, 9)
	for i, c := range all {
		assert.Equal(t, i, c.Index(), c)
		assert.Equal(t, c, channelAt(i))
		assert.Equal(t, c.IsDiscreet(), discreetChannels&(1<<i) != 0, c)
	}
	for _, c := range []vipcare.Channel{"", "Phone", "fax", "b", "vi", "vis", "visits", "vid", "sm", "smss",
		"secure", "e", "mai", "mailx", "wechat ", "phon"} {
		assert.Equal(t, -1, c.Index(), c)
	}
	seen := map[int8]bool{}
	for _, i := range rerouteOrder() {
		assert.False(t, seen[i], "position %d twice", i)
		seen[i] = true
	}
}

// consent.reroute chooses as Preferences.Allows and the reference reroute
// do, for every set of consented channels, discreet or not, every
// preferred channel and every planned one (none and an unknown one
// included).
func TestConsentAgreesWithAllows(t *testing.T) {
	all := vipcare.Channels()
	others := append([]vipcare.Channel{"", "fax"}, all...)
	for set := range 1 << 9 {
		var channels []vipcare.Channel
		for i, c := range all {
			if set&(1<<i) != 0 {
				channels = append(channels, c)
			}
		}
		if set == 1<<9-1 {
			channels = append(channels, "fax") // an unknown channel consents to nothing
		}
		for _, discreet := range []bool{false, true} {
			for _, preferred := range others {
				p := vipcare.Preferences{Channels: channels, Discreet: discreet, Preferred: preferred}
				cs := consentOf(&p)
				for _, ch := range others {
					want, ok := rerouteReference(ch, &p)
					j := cs.reroute(ch.Index())
					if !ok {
						require.Equal(t, -1, j, "%+v, %q", p, ch)
						continue
					}
					require.GreaterOrEqual(t, j, 0, "%+v, %q", p, ch)
					require.Equal(t, want, channelAt(j), "%+v, %q", p, ch)
				}
			}
		}
	}
}

// zone converts days as civil does, near its reference instant and far
// from it, in zones with and without summer time, one whose clocks skip
// midnight and one with half-hour offsets.
func TestZoneAgreesWithCivil(t *testing.T) {
	load := func(name string) *time.Location {
		loc, err := time.LoadLocation(name)
		require.NoError(t, err)
		return loc
	}
	locs := []*time.Location{time.UTC, time.FixedZone("CST", 8*3600), time.FixedZone("west", -(9*3600 + 30*60)),
		load("America/Santiago"), load("America/Sao_Paulo"), load("Europe/London"), load("Australia/Lord_Howe"),
		load("Asia/Kolkata"), load("America/Asuncion")}
	refs := []time.Time{
		time.Date(2026, time.June, 30, 0, 0, 0, 0, time.UTC),
		time.Date(2026, time.September, 5, 23, 30, 0, 0, time.UTC),
		time.Date(2018, time.November, 3, 12, 0, 0, 0, time.UTC),
		time.Date(2023, time.September, 30, 22, 0, 0, 0, time.UTC),
		time.Date(1969, time.December, 31, 23, 0, 0, 0, time.UTC),
	}
	for _, loc := range locs {
		for _, ref := range refs {
			z := zoneAt(ref, loc)
			base := civil.Day(ref, loc)
			for d := base - 800; d <= base+800; d++ {
				want := civil.Start(d, loc)
				got := z.start(d)
				require.True(t, got == want, "%s, day %s: start %v, want %v", loc, civil.ISO(d), got, want)
				for _, u := range []time.Duration{0, time.Hour, 90 * time.Minute, 12 * time.Hour, 23*time.Hour + 59*time.Minute, -time.Second} {
					at := want.Add(u)
					require.Equal(t, civil.Day(at, loc), z.day(at), "%s, %v", loc, at)
				}
			}
		}
	}
	z := zoneAt(refs[0], time.UTC)
	for _, d := range []int64{-1 << 40, 1 << 40} {
		assert.True(t, z.start(d) == civil.Start(d, time.UTC), "day %d", d)
	}
}
