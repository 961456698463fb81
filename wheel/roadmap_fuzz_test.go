package wheel

import (
	"encoding/binary"
	"testing"
)

// FuzzRoadmap feeds random scores to Roadmap: it never panics, and a
// roadmap's steps are ranked 1 to n, every step but a maintain step is
// below target, every stage appears in one run of steps, and weakest
// first never puts a stage after one more than Tie points lower.
func FuzzRoadmap(f *testing.F) {
	f.Add([]byte{}, 0.0, 0.0, false, false)
	f.Add([]byte("\x40\x10\x80\x20\xff\x00\x33\x44\x55\x66\x77\x88\x99\xaa\xbb\xcc\xdd\xee"), 75.0, 1.0, false, false)
	f.Add([]byte("\x40\x10\x80\x20\xff\x00\x33\x44\x55\x66\x77\x88\x99\xaa\xbb\xcc\xdd\xee"), 60.0, 5.0, true, false)
	f.Add([]byte("\x01\x02\x03\x04\x05\x06\x07\x08\x09\x0a\x0b\x0c\x0d\x0e\x0f\x10"), 100.0, 0.5, false, true)
	f.Add([]byte("\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff"), -3.0, -1.0, true, false)
	f.Fuzz(func(t *testing.T, data []byte, target, tie float64, clockwise, flat bool) {
		fw := InternalMarketingWheel()
		if flat {
			fw = ServiceCultureParameters()
		}
		// Two bytes per value: a score in 0–100 (a few off the scale) and
		// whether it is scored.
		next := func() (float64, Band) {
			if len(data) < 2 {
				return 0, 0
			}
			v := binary.BigEndian.Uint16(data)
			data = data[2:]
			score := float64(v>>1) / 32767 * 102 // up to 102: off the scale at times
			if v&1 == 0 {
				return score, 0
			}
			return score, Bands{}.Of(score)
		}
		s := Scores{Published: true}
		for _, d := range fw.Dimensions {
			v, b := next()
			s.Dimensions = append(s.Dimensions, DimensionScore{Dimension: d.ID, Stage: d.Stage, Score: v, Band: b})
		}
		stageScore := map[string]float64{}
		for _, st := range fw.Stages {
			v, b := next()
			s.Stages = append(s.Stages, StageScore{Stage: st.ID, Score: v, Band: b})
			stageScore[st.ID] = v
		}
		opts := RoadmapOptions{Target: target, Tie: tie}
		if clockwise {
			opts.Policy = Clockwise
		}
		steps, err := Roadmap(fw, s, opts)
		if err != nil {
			return
		}
		if target == 0 {
			target = 75
		}
		if tie == 0 {
			tie = 1
		}
		done := map[string]bool{}
		for i, st := range steps {
			if st.Rank != i+1 {
				t.Fatalf("step %d has rank %d", i, st.Rank)
			}
			if !st.Maintain && !(st.Score < target) {
				t.Fatalf("step %d (%s) scores %v, not below target %v", st.Rank, st.Dimension, st.Score, target)
			}
			if st.Maintain && st.Dimension != "" {
				t.Fatalf("maintain step %d names dimension %q", st.Rank, st.Dimension)
			}
			if flat {
				if st.Stage != "" {
					t.Fatalf("step %d names stage %q in a framework without stages", st.Rank, st.Stage)
				}
				continue
			}
			if i > 0 && steps[i-1].Stage != st.Stage {
				if done[st.Stage] {
					t.Fatalf("stage %s comes back at step %d", st.Stage, st.Rank)
				}
				done[steps[i-1].Stage] = true
			}
			if opts.Policy == WeakestFirst {
				for _, earlier := range steps[:i] {
					if stageScore[st.Stage] <= stageScore[earlier.Stage]-tie {
						t.Fatalf("stage %s (%v) after %s (%v), more than %v points lower", st.Stage, stageScore[st.Stage], earlier.Stage, stageScore[earlier.Stage], tie)
					}
				}
			}
		}
	})
}
