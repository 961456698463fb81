package enps

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestLaunchFrom(t *testing.T) {
	ctx := t.Context()
	s, err := NewSurvey(NewMemStore(), testKey)
	require.NoError(t, err)
	d := StaticDirectory{
		UnitList: []Unit{{ID: "co"}, {ID: "shop", Parent: "co"}},
		MemberList: []Member{
			{Employee: "zoe", Unit: "shop", Attributes: map[string]string{"site": "A"}},
			{Employee: "al", Unit: "co"},
			{Employee: "leave", Unit: "shop"},
		},
	}
	opens := time.Date(2026, 4, 1, 0, 0, 0, 0, time.UTC)
	w, err := s.LaunchFrom(ctx, d, Wave{ID: "q2", Opens: opens, Scale: StandardScale()},
		func(m Member) bool { return m.Employee != "leave" })
	require.NoError(t, err)
	assert.Len(t, w.Units, 2)
	require.Len(t, w.Population, 2)
	assert.Equal(t, "al", w.Population[0].Employee)

	// The snapshot does not follow the directory.
	d.MemberList[0].Attributes["site"] = "B"
	d.MemberList[0].Unit = "co"
	got, err := s.store.Wave(ctx, "q2")
	require.NoError(t, err)
	assert.Equal(t, "A", got.Population[1].Attributes["site"])
	assert.Equal(t, "shop", got.Population[1].Unit)

	_, err = s.LaunchFrom(ctx, d, w, nil)
	require.ErrorIs(t, err, ErrInvalidWave, "a wave with a snapshot already")
	bad := StaticDirectory{MemberList: []Member{{Employee: "x", Unit: "nowhere"}}}
	_, err = s.LaunchFrom(ctx, bad, Wave{ID: "q3", Opens: opens, Scale: StandardScale()}, nil)
	require.ErrorIs(t, err, ErrInvalidWave)

	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	_, err = s.LaunchFrom(cancelled, d, Wave{ID: "q4", Opens: opens, Scale: StandardScale()}, nil)
	require.ErrorIs(t, err, context.Canceled)
}
