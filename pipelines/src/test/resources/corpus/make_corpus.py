import os, shutil, csv, io, json
root = 'landing'
shutil.rmtree(root, ignore_errors=True)
NGO_COLS = ["sagsnummer","organisation","fornavn","efternavn","kaldenavn","fødselsdato","anslået_alder","køn","statsborgerskab","cpr","dokumenttype","dokumentland","dokumentnummer","udlændingesag","telefon","email","udnyttelsesform","branche","kontaktdato","samtaledato","vurdering","vurderingsdato","vurderet_af","støtte_tilbudt","støtte_modtaget","refleksionsperiode_start","forberedt_hjemsendelse"]
POL_COLS = ["journalnummer","kreds","rolle","navn","fødselsdato","køn","nationalitet","cpr","pasnummer","pasland","telefon","adresse","paragraf","udnyttelse","anmeldelsesdato","sigtelsesdato","tiltaledato","afgørelse","afgørelsesdato"]
D = '2026-11-15'
expected = []
seq = [9000]
def nid():
    seq[0] += 1
    return f"NGO-A-{seq[0]}"
def ngo_row(**kw):
    r = {c: "" for c in NGO_COLS}
    r.update({"sagsnummer": nid(), "organisation": "NGO-A", "fornavn": "Testa", "efternavn": "Korpus", "fødselsdato": "03-11-1990",
              "køn": "K", "statsborgerskab": "RO", "udnyttelsesform": "PROSTITUTION", "kontaktdato": "10-01-2025",
              "vurdering": "FORMODET", "vurderingsdato": "01-02-2025", "vurderet_af": "NGO"})
    r.update(kw)
    return [r[c] for c in NGO_COLS]
def pol_row(**kw):
    r = {c: "" for c in POL_COLS}
    seq[0] += 1
    r.update({"journalnummer": f"0100-84120-{seq[0]:05d}-25-P1", "kreds": "KBH", "rolle": "OFFER", "navn": "KORPUS Testa",
              "fødselsdato": "1990-11-03", "køn": "K", "nationalitet": "RO", "paragraf": "262A", "udnyttelse": "PROSTITUTION",
              "anmeldelsesdato": "2025-01-05"})
    r.update(kw)
    return [r[c] for c in POL_COLS]
def dis_obj(**kw):
    seq[0] += 1
    o = {"case_number": f"DIS-2025-{seq[0]:06d}", "given_name": "Testa", "family_name": "Korpus", "birth_date": "1990-11-03",
         "sex": "F", "citizenship": "NG", "screening_date": "2025-03-01", "decision": {"outcome": "IDENTIFIED", "date": "2025-03-20"}}
    o.update(kw)
    return o
def csv_text(cols, rows, delim):
    b = io.StringIO()
    w = csv.writer(b, delimiter=delim, lineterminator="\r\n")
    w.writerow(cols)
    for r in rows:
        w.writerow(r)
    return b.getvalue()
def put(source, name, data, date=D, **exp):
    p = os.path.join(root, source, date, name)
    os.makedirs(os.path.dirname(p), exist_ok=True)
    with open(p, 'wb') as f:
        f.write(data if isinstance(data, bytes) else data.encode('utf-8'))
    e = {"path": f"{source}/{date}/{name}", "status": "accepted", "rows_read": "", "rows_accepted": "", "rows_quarantined": "", "rule": "", "line": "", "column": ""}
    e.update({k: str(v) for k, v in exp.items()})
    expected.append(e)
BOM = b'\xef\xbb\xbf'
def ngo(rows, delim=';', bom=True, cols=NGO_COLS):
    return (BOM if bom else b'') + csv_text(cols, rows, delim).encode('utf-8')

# ---- rejected whole ----
put('ngo', 'wrong_delimiter_comma.csv', ngo([ngo_row()], delim=','), status='rejected', rule='wrong_delimiter', line=1, column='sagsnummer')
put('ngo', 'missing_required_column_organisation.csv',
    ngo([[v for c, v in zip(NGO_COLS, ngo_row()) if c != 'organisation']], cols=[c for c in NGO_COLS if c != 'organisation']),
    status='rejected', rule='missing_column', line=1, column='organisation')
good = csv_text(NGO_COLS, [ngo_row()], ';')
put('ngo', 'unbalanced_quote_in_name.csv',
    BOM + (good + ';'.join(ngo_row(fornavn='"Ana')) + '\r\n' + ';'.join(ngo_row()) + '\r\n').encode('utf-8'),
    status='rejected', rule='unbalanced_quotes', line=3)
put('ngo', 'truncated_inside_quoted_field.csv',
    BOM + (good + ';'.join(ngo_row(fornavn='"Multi\r\nline', efternavn='')).rstrip(';"') ).encode('utf-8'),
    status='rejected', rule='unbalanced_quotes', line=3)
put('ngo', 'binary_xlsx_renamed.csv', b'PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00' + bytes(range(0, 256)) * 4,
    status='rejected', rule='binary_content')
put('ngo', 'empty_file.csv', b'', status='rejected', rule='empty_file')
put('ngo', 'header_only_no_rows.csv', BOM + (';'.join(NGO_COLS) + '\r\n').encode('utf-8'), status='rejected', rule='no_rows')
dup_cols = NGO_COLS + ['kaldenavn']
put('ngo', 'duplicate_header_column.csv', ngo([ngo_row() + ['']], cols=dup_cols),
    status='rejected', rule='duplicate_column', line=1, column='kaldenavn')
put('ngo', 'bom_utf8_with_invalid_byte.csv',
    BOM + (good + ';'.join(ngo_row(fornavn='Ren#')) + '\r\n').encode('utf-8').replace(b'#', b'\xe9'),
    status='rejected', rule='encoding', line=3)
put('ngo', 'utf8_with_stray_byte_mojibake.csv',
    (good + ';'.join(ngo_row(fornavn='Ren#')) + '\r\n').encode('utf-8').replace(b'#', b'\xe9'),
    status='rejected', rule='encoding', line=1)
put('ngo', 'spreadsheet_export.xlsx', b'PK\x03\x04 not a csv', status='rejected', rule='file_type')
put('police', 'semicolon_separated.csv', csv_text(POL_COLS, [pol_row()], ';').encode('utf-8'),
    status='rejected', rule='wrong_delimiter', line=1, column='journalnummer')
put('police', 'missing_column_paragraf.csv',
    csv_text([c for c in POL_COLS if c != 'paragraf'], [[v for c, v in zip(POL_COLS, pol_row()) if c != 'paragraf']], ',').encode('utf-8'),
    status='rejected', rule='missing_column', line=1, column='paragraf')
put('dis', 'malformed_json_unquoted_value.jsonl',
    (json.dumps(dis_obj(), ensure_ascii=False) + '\n{"case_number": DIS-2025-1, "given_name": "Testa"}\n').encode('utf-8'),
    status='rejected', rule='malformed_json', line=2)
put('dis', 'pretty_printed_json_array.jsonl', json.dumps([dis_obj(), dis_obj()], indent=2).encode('utf-8'),
    status='rejected', rule='malformed_json', line=1)
put('dis', 'two_objects_on_one_line.jsonl', (json.dumps(dis_obj()) + ' ' + json.dumps(dis_obj()) + '\n').encode('utf-8'),
    status='rejected', rule='malformed_json', line=1)
put('dis', 'empty_file.jsonl', b'', status='rejected', rule='empty_file')
put('dis', 'latin1_not_utf8.jsonl',
    (json.dumps(dis_obj()) + '\n' + json.dumps(dis_obj(given_name='Søren'), ensure_ascii=False) + '\n').encode('latin-1'),
    status='rejected', rule='encoding', line=2)
put('dis', 'binary_nul_bytes.jsonl', b'{"case_number":"DIS-1"}\n\x00\x00\x00\x00', status='rejected', rule='binary_content')

# ---- accepted, some rows quarantined ----
put('ngo', 'date_31_february.csv', ngo([ngo_row(), ngo_row(**{"fødselsdato": "31-02-1990"})]),
    rows_read=2, rows_accepted=1, rows_quarantined=1, rule='date_format', line=3, column='fødselsdato')
put('ngo', 'unknown_sex_code.csv', ngo([ngo_row(**{"køn": "Q"}), ngo_row()]),
    rows_read=2, rows_accepted=1, rows_quarantined=1, rule='code_value', line=2, column='køn')
put('ngo', 'placeholder_ukendt_family_name.csv', ngo([ngo_row(), ngo_row(efternavn='ukendt')]),
    rows_read=2, rows_accepted=1, rows_quarantined=1, rule='placeholder_value', line=3, column='efternavn')
put('ngo', 'estimated_age_negative.csv', ngo([ngo_row(**{"fødselsdato": "", "anslået_alder": "-7"})]),
    rows_read=1, rows_accepted=0, rows_quarantined=1, rule='age_range', line=2, column='anslået_alder')
put('ngo', 'contact_date_after_delivery.csv', ngo([ngo_row(kontaktdato='01-12-2026')]),
    rows_read=1, rows_accepted=0, rows_quarantined=1, rule='date_range', line=2, column='kontaktdato')
put('ngo', 'assessment_before_birth.csv', ngo([ngo_row(**{"fødselsdato": "03-11-2024", "kontaktdato": "", "vurderingsdato": "01-02-2024"})]),
    rows_read=1, rows_accepted=0, rows_quarantined=1, rule='event_before_birth', line=2, column='vurderingsdato')
dupid = 'NGO-A-8888'
put('ngo', 'duplicate_case_number.csv', ngo([ngo_row(sagsnummer=dupid), ngo_row(), ngo_row(sagsnummer=dupid)]),
    rows_read=3, rows_accepted=1, rows_quarantined=2, rule='record_id_unique', line=2, column='sagsnummer')
put('ngo', 'cpr_with_invalid_month.csv', ngo([ngo_row(cpr='031390-1234')]),
    rows_read=1, rows_accepted=0, rows_quarantined=1, rule='cpr_format', line=2, column='cpr')
put('ngo', 'too_many_fields_in_row.csv', BOM + (good + ';'.join(ngo_row()) + ';extra\r\n').encode('utf-8'),
    rows_read=2, rows_accepted=1, rows_quarantined=1, rule='column_count', line=3)
put('ngo', 'missing_case_number.csv', ngo([ngo_row(sagsnummer='')]),
    rows_read=1, rows_accepted=0, rows_quarantined=1, rule='required', line=2, column='sagsnummer')
put('ngo', 'identified_without_date.csv', ngo([ngo_row(vurdering='IDENTIFICERET', vurderingsdato='', vurderet_af='CMM')]),
    rows_read=1, rows_accepted=0, rows_quarantined=1, rule='event_date_missing', line=2, column='vurderingsdato')
put('police', 'verdict_before_charge.csv',
    csv_text(POL_COLS, [pol_row(), pol_row(rolle='MISTÆNKT', sigtelsesdato='2025-03-01', afgørelse='DØMT', afgørelsesdato='2025-02-01')], ',').encode('utf-8'),
    rows_read=2, rows_accepted=1, rows_quarantined=1, rule='verdict_after_charge', line=3, column='afgørelsesdato')
put('police', 'missing_role_value.csv', csv_text(POL_COLS, [pol_row(rolle='')], ',').encode('utf-8'),
    rows_read=1, rows_accepted=0, rows_quarantined=1, rule='required', line=2, column='rolle')
put('dis', 'bad_country_code.jsonl', (json.dumps(dis_obj(citizenship='ZZ')) + '\n' + json.dumps(dis_obj()) + '\n').encode('utf-8'),
    rows_read=2, rows_accepted=1, rows_quarantined=1, rule='country_code', line=1, column='/citizenship')
put('dis', 'documents_not_an_array.jsonl', (json.dumps(dis_obj(documents={"type": "P", "country": "NG", "number": "A1234567"})) + '\n').encode('utf-8'),
    rows_read=1, rows_accepted=0, rows_quarantined=1, rule='value_shape', line=1, column='/documents')
put('dis', 'birth_date_before_1900.jsonl', (json.dumps(dis_obj(birth_date='1890-05-05')) + '\n').encode('utf-8'),
    rows_read=1, rows_accepted=0, rows_quarantined=1, rule='date_range', line=1, column='/birth_date')

# ---- accepted whole ----
put('ngo', 'windows1252_encoded.csv', csv_text(NGO_COLS, [ngo_row(fornavn='Søren', efternavn='Ærø')], ';').encode('cp1252'),
    rows_read=1, rows_accepted=1, rows_quarantined=0)
put('ngo', 'extra_unknown_column_schema_drift.csv', ngo([ngo_row() + ['x']], cols=NGO_COLS + ['ny_kolonne']),
    rows_read=1, rows_accepted=1, rows_quarantined=0)
put('ngo', 'lf_line_endings_without_bom.csv', csv_text(NGO_COLS, [ngo_row()], ';').replace('\r\n', '\n').encode('utf-8'),
    rows_read=1, rows_accepted=1, rows_quarantined=0)
put('ngo', 'formula_in_alias.csv', ngo([ngo_row(kaldenavn='=HYPERLINK("http://x","y")')]),
    rows_read=1, rows_accepted=1, rows_quarantined=0)

# ---- duplicate of a data-samples delivery ----
src = '../../../../../data-samples/landing/police/2026-10-31/politi_262_2026-10-31.csv'
put('police', 'resent_copy_of_2026-10-31.csv', open(src, 'rb').read(), date='2026-11-16', status='duplicate')

with open('expected.csv', 'w', newline='') as f:
    w = csv.DictWriter(f, fieldnames=["path","status","rows_read","rows_accepted","rows_quarantined","rule","line","column"], lineterminator='\n')
    w.writeheader()
    for e in expected:
        w.writerow(e)
print(len(expected), 'corpus files')
