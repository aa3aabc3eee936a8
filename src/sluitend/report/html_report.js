// The html report's filter (inlined into the page by html_report.py). Every word typed
// must occur in a table's text; a table's overview row follows it. No data is in here.
(function(){
var box=document.getElementById('filter'),only=document.getElementById('only');
var tables=[].slice.call(document.querySelectorAll('section.table'));
var loose=[].slice.call(document.querySelectorAll('#other tr.finding'));
var text=new Map();
function t(el){var v=text.get(el);if(v===undefined){v=el.textContent.toLowerCase();text.set(el,v);}return v;}
function apply(){
 var words=box.value.toLowerCase().split(/\s+/).filter(Boolean),shown=0;
 tables.forEach(function(s){
  var hit=words.every(function(w){return t(s).indexOf(w)>=0;})&&(!only.checked||s.dataset.n!=='0');
  s.hidden=!hit;if(hit)shown++;
  var row=document.getElementById('o-'+s.id);if(row)row.hidden=!hit;
 });
 loose.forEach(function(r){r.hidden=!words.every(function(w){return t(r).indexOf(w)>=0;});});
 document.getElementById('shown').textContent=words.length||only.checked?
  shown+' of '+tables.length+' tables shown':'';
}
box.addEventListener('input',apply);only.addEventListener('change',apply);
document.addEventListener('click',function(ev){
 var a=ev.target.closest&&ev.target.closest('a.to-cell');if(!a)return;
 var cell=document.getElementById(a.getAttribute('href').slice(1));
 if(cell){var s=cell.closest('section.table');if(s&&s.hidden){box.value='';only.checked=false;apply();}
  ev.preventDefault();cell.scrollIntoView({block:'center'});cell.focus();}
});
if(box.value||only.checked)apply();
})();
