package contact

import (
	"cmp"
	"slices"
	"strconv"
	"time"

	"github.com/vipcare/vipcare"
	"github.com/vipcare/vipcare/internal/civil"
	"github.com/vipcare/vipcare/internal/textfmt"
	"github.com/vipcare/vipcare/tier"
)

// This file keeps, as a reference for the tests, Choose, Constrain and
// Tasks as they were before the compact paths (Select, Fire) took over:
// straight code that builds the text as it decides. The tests check that
// the compact paths, rendered, give exactly what these give.

// ChooseReference is Choose as it was written before Select.
var ChooseReference = (*Strategies).chooseReference

// TasksReference is Tasks as it was written before Fire.
var TasksReference = (*Triggers).tasksReference

func (s *Strategies) chooseReference(c *Facts) Choice {
	prefs := &c.Figures.Profile.Contact
	var d Choice
	i := s.deflt
	switch {
	case prefs.NoProfiling:
		d.Rule = "no profiling"
	default:
		h, ok, _ := s.table.Decide(c)
		if ok {
			i, d.Rule = s.rowList[h.Row], s.rowName[h.Row]
		} else {
			d.Rule = "no rule matched"
		}
	}
	d.Strategy, d.Constraints = constrainReference(s.list[i], prefs)
	return d
}

func constrainReference(st Strategy, p *vipcare.Preferences) (Strategy, []string) {
	st = clone(st)
	var notes []string
	if p.DoNotContact {
		if len(st.Touches) > 0 || st.Plays > 0 || st.Service.Events || st.Service.Recognition {
			notes = append(notes, "do-not-contact: no outbound touches, plays, event invitations or recognition")
		}
		st.Touches, st.Plays = nil, 0
		st.Service.Events, st.Service.Recognition = false, false
		return st, notes
	}
	if p.Discreet && (st.Service.Events || st.Service.Recognition) {
		notes = append(notes, "discreet: no events or public recognition")
		st.Service.Events, st.Service.Recognition = false, false
	}
	var touches []Touch
	for _, t := range st.Touches {
		ch, ok := rerouteReference(t.Channel, p)
		switch {
		case !ok:
			notes = append(notes, strconv.Itoa(t.PerYear)+" "+string(t.Channel)+" touches dropped: no consented channel")
			continue
		case ch != t.Channel:
			why := "not consented"
			if p.Discreet && !t.Channel.IsDiscreet() {
				why = "not discreet"
			}
			notes = append(notes, string(t.Channel)+" touches moved to "+string(ch)+" ("+why+")")
		}
		if k := slices.IndexFunc(touches, func(x Touch) bool { return x.Channel == ch }); k >= 0 {
			touches[k].PerYear += t.PerYear
		} else {
			touches = append(touches, Touch{ch, t.PerYear})
		}
	}
	st.Touches = touches
	return st, notes
}

func (t *Triggers) tasksReference(f *vipcare.Figures, owner Role, change *tier.Step) (tasks []Task, suppressed []Suppressed) {
	if t == nil {
		t = defaultTriggers
	}
	p := f.Profile
	loc := f.AsOf.Location()
	today := civil.Day(f.AsOf, loc)
	h := hits{today: today}
	t.eventsReference(&h, p, loc)
	t.expiriesReference(&h, p, loc)
	var tierText string
	if s := change; s != nil && s.Before.Tier != s.After.Tier && s.Period != (tier.Period{}) {
		last := s.Period.Last()
		d := civil.Day(last, last.Location()) + 1
		if d+int64(t.tierChange) >= today {
			h.offer(kTierChange, firing{due: d + int64(t.tierChange), day: d})
			tierText = s.Before.Tier.String() + " → " + s.After.Tier.String() + ", " + string(s.Code) +
				", effective " + civil.ISO(d)
		}
	}
	for k, r := range t.when {
		if r != nil && h.by[k].on && !r.Eval(f) {
			h.by[k].on = false
		}
	}
	var order []int
	for k := range h.by {
		if h.by[k].on {
			order = append(order, k)
		}
	}
	slices.SortFunc(order, func(a, b int) int {
		ha, hb := &h.by[a], &h.by[b]
		switch {
		case ha.due != hb.due:
			return cmp.Compare(ha.due, hb.due)
		case t.priority[a] != t.priority[b]:
			return cmp.Compare(t.priority[b], t.priority[a])
		}
		return cmp.Compare(triggerNames()[a], triggerNames()[b])
	})
	if len(order) == 0 {
		return nil, nil
	}
	var why vipcare.Code
	ch, ok := rerouteReference("", &p.Contact)
	switch {
	case p.Contact.DoNotContact:
		why = CodeDoNotContact
	case !ok:
		why = CodeNoChannel
	}
	if why != "" {
		for _, k := range order {
			suppressed = append(suppressed, Suppressed{Kind: triggerNames()[k], Code: why,
				Reason: t.reasonReference(k, &h.by[k], today, tierText)})
		}
		return nil, suppressed
	}
	for _, k := range order {
		fk := &h.by[k]
		kind := triggerNames()[k]
		tasks = append(tasks, Task{ID: kind + "/" + civil.ISO(fk.day), Client: p.ID, Kind: kind,
			Reason: t.reasonReference(k, fk, today, tierText), Channel: ch, Owner: owner, Priority: t.priority[k],
			Earliest: civil.Start(fk.earliest, loc), Due: civil.Start(fk.due, loc), Minutes: t.minutes[k]})
	}
	return tasks, nil
}

func (t *Triggers) reasonReference(k int, h *firing, today int64, tierText string) string {
	expiry := func(day int64, warn int) string {
		if day <= today { // no longer valid on the day it expires
			return "expired on " + civil.ISO(day)
		}
		return "expires on " + civil.ISO(day) + ", within " + textfmt.Count(warn, "day", "days")
	}
	var s string
	switch k {
	case kMaturity:
		s = "a holding matures on " + civil.ISO(h.day) + ", within " + textfmt.Count(t.maturity, "day", "days")
	case kRetention:
		s = "a large outflow on " + civil.ISO(h.day) + ", within the last " + textfmt.Count(t.lookback, "day", "days")
	case kAdvice:
		what := "a large inflow on "
		if h.ev == vipcare.EventBusinessSale {
			what = "a business sale on "
		}
		s = what + civil.ISO(h.day) + ", within the last " + textfmt.Count(t.lookback, "day", "days")
	case kAssessment:
		s = "the risk assessment "
		if h.derived {
			s += "of " + civil.ISO(h.from) + " (valid " + textfmt.Count(t.validity, "month", "months") + ") "
		}
		s += expiry(h.day, t.assessment)
	case kKYC:
		s = "the KYC review " + expiry(h.day, t.kyc)
	case kTierChange:
		s = tierText
	case kBirthday:
		s = "the client's birthday on " + civil.ISO(h.day) + ", within " + textfmt.Count(t.birthday, "day", "days")
	}
	if h.more > 0 {
		s += " (and " + strconv.Itoa(h.more) + " more)"
	}
	return s
}

func rerouteReference(ch vipcare.Channel, p *vipcare.Preferences) (vipcare.Channel, bool) {
	if p.Allows(ch) {
		return ch, true
	}
	if p.Preferred != "" && p.Allows(p.Preferred) {
		return p.Preferred, true
	}
	for _, c := range [9]vipcare.Channel{vipcare.ChannelPhone, vipcare.ChannelSecureMessage, vipcare.ChannelVisit,
		vipcare.ChannelBranch, vipcare.ChannelVideo, vipcare.ChannelWeChat, vipcare.ChannelSMS, vipcare.ChannelEmail,
		vipcare.ChannelMail} {
		if p.Allows(c) {
			return c, true
		}
	}
	return "", false
}

func (t *Triggers) eventsReference(h *hits, p *vipcare.Profile, loc *time.Location) {
	today := h.today
	for i := range p.Events {
		e := &p.Events[i]
		if e.Date.IsZero() {
			continue
		}
		d := civil.Day(e.Date, loc)
		switch e.Kind {
		case vipcare.EventMaturity:
			if d >= today && d <= today+int64(t.maturity) {
				h.offer(kMaturity, firing{due: d - 1, day: d, ev: e.Kind})
			}
		case vipcare.EventLargeOutflow:
			if d <= today && d >= today-int64(t.lookback) {
				h.offer(kRetention, firing{due: d + int64(t.retention), day: d, ev: e.Kind})
			}
		case vipcare.EventLargeInflow, vipcare.EventBusinessSale:
			if d <= today && d >= today-int64(t.lookback) {
				h.offer(kAdvice, firing{due: d + int64(t.advice), day: d, ev: e.Kind})
			}
		case vipcare.EventBirthday:
			if d >= today && d <= today+int64(t.birthday) {
				h.offer(kBirthday, firing{due: d, day: d, ev: e.Kind})
			}
		}
	}
}

func (t *Triggers) expiriesReference(h *hits, p *vipcare.Profile, loc *time.Location) {
	today := h.today
	var assessment, kyc int64
	hasAssessment, hasKYC := false, false
	for i := range p.Events {
		e := &p.Events[i]
		if e.Date.IsZero() {
			continue
		}
		d := civil.Day(e.Date, loc)
		switch {
		case e.Kind == vipcare.EventRiskAssessmentExpiry && (!hasAssessment || d > assessment):
			assessment, hasAssessment = d, true
		case e.Kind == vipcare.EventKYCExpiry && (!hasKYC || d > kyc):
			kyc, hasKYC = d, true
		}
	}
	if hasAssessment && !p.RiskAssessed.IsZero() && assessment <= civil.Day(p.RiskAssessed, loc) {
		hasAssessment = false
	}
	// The earlier of the event and the validity counted from the
	// assessment (the event on a tie).
	if !p.RiskAssessed.IsZero() {
		from := civil.Day(p.RiskAssessed, loc)
		if x := civil.MonthsOn(from, t.validity); !hasAssessment || x < assessment {
			assessment, hasAssessment = x, false
			if x <= today+int64(t.assessment) {
				h.offer(kAssessment, firing{due: x - 1, day: x, from: from, derived: true})
			}
		}
	}
	if hasAssessment && assessment <= today+int64(t.assessment) {
		h.offer(kAssessment, firing{due: assessment - 1, day: assessment, ev: vipcare.EventRiskAssessmentExpiry})
	}
	if hasKYC && kyc <= today+int64(t.kyc) {
		h.offer(kKYC, firing{due: kyc - 1, day: kyc, ev: vipcare.EventKYCExpiry})
	}
}
