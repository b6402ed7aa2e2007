'use strict';
// The console page: a drawing pad that sends to /api/digits, and the live view fed by /api/live (SSE).

const $ = (id) => document.getElementById(id);

// --- Drawing: pointer events cover mouse, pen and touch alike. ---
const pad = $('pad');
const ink = pad.getContext('2d');
let drawing = false;

function clearPad() {
  ink.fillStyle = '#000';
  ink.fillRect(0, 0, pad.width, pad.height);
}

function padPoint(event) {
  const box = pad.getBoundingClientRect();
  return [(event.clientX - box.left) * pad.width / box.width, (event.clientY - box.top) * pad.height / box.height];
}

pad.addEventListener('pointerdown', (event) => {
  drawing = true;
  pad.setPointerCapture(event.pointerId);
  const [x, y] = padPoint(event);
  ink.strokeStyle = '#fff';
  ink.lineWidth = 18;
  ink.lineCap = 'round';
  ink.lineJoin = 'round';
  ink.beginPath();
  ink.moveTo(x, y);
  ink.lineTo(x, y);
  ink.stroke();
  event.preventDefault();
});
pad.addEventListener('pointermove', (event) => {
  if (!drawing) return;
  const [x, y] = padPoint(event);
  ink.lineTo(x, y);
  ink.stroke();
  event.preventDefault();
});
['pointerup', 'pointercancel', 'pointerleave'].forEach((name) => pad.addEventListener(name, () => { drawing = false; }));

$('clear').addEventListener('click', () => { clearPad(); $('error').hidden = true; });

function showError(message) {
  $('error').textContent = message;
  $('error').hidden = false;
}

$('send').addEventListener('click', () => {
  $('error').hidden = true;
  $('result').hidden = true;
  $('send').disabled = true;
  pad.toBlob(async (png) => {
    const form = new FormData();
    form.append('image', png, 'drawing.png');
    form.append('label', $('label').value);
    try {
      const response = await fetch('/api/digits', { method: 'POST', body: form });
      const body = await response.json().catch(() => ({ error: 'The console answered ' + response.status }));
      if (!response.ok) {
        showError(body.error || ('The console answered ' + response.status));
      } else {
        showAnswer(body);
      }
    } catch (error) {
      showError('The console cannot be reached: ' + error.message);
    } finally {
      $('send').disabled = false;
    }
  }, 'image/png');
});

function showAnswer(answer) {
  const sent = $('sent').getContext('2d');
  const image = sent.createImageData(28, 28);
  answer.pixels.forEach((value, i) => {
    image.data.set([value, value, value, 255], i * 4);
  });
  sent.putImageData(image, 0, 0);
  $('digit').textContent = answer.digit;
  $('answered-by').textContent = answer.modelName + ' v' + answer.modelVersion
    + (answer.label === null ? '' : (' · true label ' + answer.label));
  $('round-trip').textContent = answer.roundTripMillis.toFixed(0) + ' ms round trip through Kafka';
  const bars = $('bars');
  bars.replaceChildren(...answer.probabilities.map((p, d) => {
    const row = document.createElement('div');
    row.className = 'bar' + (d === answer.digit ? ' top' : '');
    row.innerHTML = '<span>' + d + '</span><span class="track"><div class="fill"></div></span><span>'
      + (100 * p).toFixed(1) + '%</span>';
    row.querySelector('.fill').style.width = (100 * p).toFixed(1) + '%';
    return row;
  }));
  $('result').hidden = false;
}

clearPad();

// --- Live view: one SSE message per push interval, whatever the rate. ---
const HISTORY = 300;
const times = [], rates = [], p99s = [];
let swaps = [];

function swapMarkers(u) {
  const ctx = u.ctx;
  ctx.save();
  ctx.strokeStyle = '#d67a25';
  ctx.fillStyle = '#d67a25';
  ctx.lineWidth = 2;
  ctx.font = '12px sans-serif';
  swaps.forEach((swap) => {
    const x = u.valToPos(swap.at / 1000, 'x', true);
    if (x < u.bbox.left || x > u.bbox.left + u.bbox.width) return;
    ctx.beginPath();
    ctx.moveTo(x, u.bbox.top);
    ctx.lineTo(x, u.bbox.top + u.bbox.height);
    ctx.stroke();
    ctx.fillText('v' + swap.to, x + 4, u.bbox.top + 14);
  });
  ctx.restore();
}

const chart = new uPlot({
  width: Math.max(320, $('timeline').clientWidth || 560),
  height: 220,
  series: [
    {},
    { label: 'predictions/s', stroke: '#2557d6', width: 2, scale: 'rate' },
    { label: 'latency p99 ms', stroke: '#888', width: 1, scale: 'ms' },
  ],
  axes: [{}, { scale: 'rate' }, { scale: 'ms', side: 1, grid: { show: false } }],
  hooks: { draw: [swapMarkers] },
}, [times, rates, p99s], $('timeline'));

window.addEventListener('resize', () => chart.setSize({ width: Math.max(320, $('timeline').clientWidth), height: 220 }));

const number = (value, digits = 0) => (value === null || value === undefined) ? '–'
  : value.toLocaleString('en', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const percent = (value) => (value === null || value === undefined) ? '–' : (100 * value).toFixed(2) + '%';

function rows(tbody, cells) {
  tbody.replaceChildren(...cells.map((values) => {
    const row = document.createElement('tr');
    values.forEach((value) => {
      const cell = document.createElement('td');
      cell.textContent = value;
      row.appendChild(cell);
    });
    return row;
  }));
}

function showLive(message) {
  const live = message.live;
  const rollout = message.rollout;
  $('status').textContent = live.connected ? 'reading Kafka' : 'waiting for Kafka…';
  $('rate').textContent = number(live.perSecond);
  $('predictions').textContent = number(live.predictions);
  $('p50').textContent = number(live.p50Millis);
  $('p99').textContent = number(live.p99Millis);
  $('dead-letters').textContent = number(live.deadLetters);
  $('accuracy-caption').textContent = 'Accuracy per model version, last ' + live.accuracyWindowSeconds + ' s';
  rows($('accuracy'), live.models.map((m) => [m.model, number(m.answered), number(m.labeled), percent(m.accuracy)]));
  rows($('dead-reasons'), Object.entries(live.deadLettersByReason).map(([reason, count]) => [reason, number(count)]));

  $('serving').textContent = rollout.serving === null ? 'no model yet' : rollout.model + ' v' + rollout.serving;
  const c = rollout.candidate;
  $('candidate').textContent = c === null ? 'none'
    : 'v' + c.version + (c.mode ? ' (' + c.mode + ')' : '') + ': ' + percent(c.candidateAccuracy)
      + ' vs serving ' + percent(c.servingAccuracy) + ' on ' + number(c.labeled) + ' labeled'
      + (c.agreement === null ? '' : ', agree ' + percent(c.agreement));
  $('decision').textContent = rollout.lastDecision || 'none';
  swaps = rollout.swaps;
  $('swaps').replaceChildren(...swaps.slice().reverse().map((swap) => {
    const item = document.createElement('li');
    item.textContent = new Date(swap.at).toLocaleTimeString() + '  ' + (swap.from ? 'v' + swap.from + ' → ' : '') + 'v' + swap.to + ': ' + swap.how;
    return item;
  }));

  times.push(live.at / 1000);
  rates.push(live.perSecond);
  p99s.push(live.p99Millis);
  if (times.length > HISTORY) {
    times.shift(); rates.shift(); p99s.shift();
  }
  chart.setData([times, rates, p99s]);
}

const events = new EventSource('/api/live');
events.addEventListener('live', (event) => showLive(JSON.parse(event.data)));
events.onerror = () => { $('status').textContent = 'reconnecting…'; };
