"""Research notes: every organisation and relation with the source retrieved for it (search tool, 2026-11-30)."""

# ruff: noqa: E501


def load(org, rel, src):
    # --- EU-China PM projects and their hubs ------------------------------------------------------------------
    ic2 = src("https://ic2permed.eu/?p=26", "About IC2PerMed",
              "Integrating China in the International Consortium for Personalised Medicine (IC2PerMed) project aims to support EU-China collaboration")
    org("eu-ic2permed", "IC2PerMed – Integrating China in the International Consortium for Personalised Medicine",
        "IC2PerMed——将中国纳入国际个体化医学联盟项目", "network", "EU", None, acronym="IC2PerMed",
        website="https://www.ic2permed.eu",
        role_en="Horizon 2020 coordination and support action (2020–2023) building EU–China collaboration in personalised medicine through ICPerMed.",
        role_zh="“地平线2020”协调与支持行动（2020–2023），通过ICPerMed推动中欧个体化医学合作。",
        themes=["research-funding", "biobanking", "icpermed-p5"], sources=[ic2, src(
            "https://dev2.bbmri-eric.eu/scientific-collaboration/ic2permed/", "IC2PerMed – BBMRI-ERIC",
            "Start date: 1 Jan 2020 ... Grant agreement: 874694")])
    org("int-icpermed", "International Consortium for Personalised Medicine", "国际个体化医学联盟", "network",
        "International", None, acronym="ICPerMed", website="https://www.icpermed.eu",
        role_en="Platform of ministries and funders aligning personalised-medicine research, funding and implementation; initiated by the European Commission in 2016.",
        role_zh="由各国部委和资助机构组成的平台，协调个体化医学研究、资助与实施；2016年由欧盟委员会发起。",
        themes=["research-funding", "wg-6", "icpermed-p5"], sources=[src(
            "https://www.icpermed.eu/en/icpermed-about.php", "About ICPerMed",
            "ICPerMed was initiated during several workshops organised by the European Commission throughout 2016.")])
    org("eu-sino-eu-permed", "Sino-EU PerMed – Widening Sino-EU policy and research cooperation in Personalised Medicine",
        "Sino-EU PerMed——拓展中欧个体化医学政策与研究合作", "network", "EU", None, acronym="Sino-EU PerMed",
        website="https://www.sino-eu-permed.eu",
        role_en="Horizon 2020 project (2020–2024) of six European and Chinese partners engaging China in ICPerMed.",
        role_zh="“地平线2020”项目（2020–2024），由六家中欧伙伴组成，推动中国参与ICPerMed。",
        themes=["research-funding", "icpermed-p5"], sources=[src(
            "https://www.sino-eu-permed.eu/en/index.html", "Sino-EU PerMed",
            "was launched in January 2020 and concluded in June 2024. A unique bi-regional consortium of 6 partners")])
    sino = src("https://www.eppermed.eu/publications-resources/additional-resources/cooperation-between-europe-and-china-in-personalised-medicine/",
               "Cooperation between Europe and China in Personalised Medicine – EP PerMed",
               "German Aerospace Center – Project Management Agency (coordinator), Fondazione Toscana Life Sciences, Innovation Fund Denmark, Health Research Board Ireland")
    sino_cn = src("https://www.internationales-buero.de/en/new_website_on_eu-china_cooperation_in_personalised_medicine.php",
                  "New website on EU-China cooperation in Personalised Medicine",
                  "Jiangsu International Technology Transfer Center and Guangzhou Institute of Biomedicine and Health CAS")
    org("de-dlr-pt", "DLR Projektträger (Project Management Agency of the German Aerospace Center)",
        "德国航空航天中心项目管理署", "funder", "EU", "DE", acronym="DLR-PT",
        role_en="Research-funding management agency; coordinates Sino-EU PerMed and supports ICPerMed.",
        role_zh="科研资助管理机构；协调Sino-EU PerMed项目并支持ICPerMed。",
        themes=["research-funding"], sources=[sino])
    org("it-tls", "Fondazione Toscana Life Sciences", "托斯卡纳生命科学基金会", "university", "EU", "IT",
        acronym="TLS", role_en="Italian life-sciences foundation; partner of Sino-EU PerMed.",
        role_zh="意大利生命科学基金会；Sino-EU PerMed项目伙伴。", themes=["research-funding"], sources=[sino])
    org("dk-ifd", "Innovation Fund Denmark", "丹麦创新基金", "funder", "EU", "DK",
        role_en="Danish public research and innovation funder; partner of Sino-EU PerMed.",
        role_zh="丹麦公共研究与创新资助机构；Sino-EU PerMed项目伙伴。", themes=["research-funding"], sources=[sino])
    org("ie-hrb", "Health Research Board", "爱尔兰健康研究委员会", "funder", "EU", "IE", acronym="HRB",
        role_en="Irish health research funder; partner of Sino-EU PerMed.",
        role_zh="爱尔兰健康研究资助机构；Sino-EU PerMed项目伙伴。", themes=["research-funding"], sources=[sino])
    org("cn-jittc", "Jiangsu International Technology Transfer Center", "江苏省国际技术转移中心", "network", "China",
        "CN", role_en="Technology-transfer centre in Jiangsu; Chinese partner of Sino-EU PerMed.",
        role_zh="江苏省技术转移机构；Sino-EU PerMed项目中方伙伴。", themes=["wg-4"], sources=[sino_cn])
    org("cn-gibh", "Guangzhou Institutes of Biomedicine and Health, Chinese Academy of Sciences",
        "中国科学院广州生物医药与健康研究院", "university", "China", "CN", acronym="GIBH",
        role_en="CAS biomedical research institute in Guangzhou; Chinese partner of Sino-EU PerMed.",
        role_zh="中国科学院在广州的生物医药研究机构；Sino-EU PerMed项目中方伙伴。", themes=["genomics"],
        sources=[sino_cn])
    for member in ("de-dlr-pt", "it-tls", "dk-ifd", "ie-hrb"):
        rel(member, "eu-sino-eu-permed", "member_of", start=2020, end=2024,
            basis="Consortium partner of Sino-EU PerMed.", sources=[sino])
    for member in ("cn-jittc", "cn-gibh"):
        rel(member, "eu-sino-eu-permed", "member_of", start=2020, end=2024,
            basis="Chinese consortium partner of Sino-EU PerMed.", sources=[sino_cn])
    rel("de-dlr-pt", "eu-sino-eu-permed", "coordinates", start=2020, end=2024,
        basis="DLR-PT coordinates Sino-EU PerMed.", sources=[sino])
    rel("eu-sino-eu-permed", "int-icpermed", "liaises_with", start=2020, end=2024,
        basis="The project's goal is to foster collaboration between Chinese health organisations and ICPerMed.",
        sources=[src("https://www.sino-eu-permed.eu/en/Project-1692.html", "Sino-EU PerMed – Project",
                     "The ultimate goal of the Sino-EU‐PerMed project is to foster collaboration between Chinese health organisations and ICPerMed")])
    rel("eu-ic2permed", "int-icpermed", "liaises_with", start=2020, end=2023,
        basis="IC2PerMed supports EU–China collaboration through the ICPerMed initiative.", sources=[ic2])

    # --- IC2PerMed partners and guests ------------------------------------------------------------------------
    ic2_it = src("https://roma.corriere.it/notizie/cronaca/20_febbraio_17/roma-universita-cattolica-policlinico-gemelli-chiamano-cina-medicina-personalizzata-15f19122-51a8-11ea-b3f1-eafceba2b87d.shtml",
                 "Europa-Cina, al via il progetto «IC2PerMed» – Corriere della Sera",
                 "vede capofila l’Università Cattolica e la Fondazione Policlinico Agostino Gemelli Irccs")
    org("it-ucsc", "Università Cattolica del Sacro Cuore", "圣心天主教大学", "university", "EU", "IT",
        acronym="UCSC", role_en="Italian university; coordinator of IC2PerMed (project leader Walter Ricciardi).",
        role_zh="意大利大学；IC2PerMed项目协调方。", themes=["prevention", "research-funding"], sources=[ic2_it, ic2])
    org("it-gemelli", "Fondazione Policlinico Universitario Agostino Gemelli IRCCS", "杰梅利大学医院基金会",
        "hospital", "EU", "IT", role_en="Research hospital in Rome; co-lead of IC2PerMed with UCSC.",
        role_zh="罗马研究型医院；与圣心天主教大学共同牵头IC2PerMed。", themes=["clinical-trials"], sources=[ic2_it])
    rel("it-ucsc", "eu-ic2permed", "coordinates", start=2020, end=2023,
        basis="Università Cattolica leads IC2PerMed.", sources=[ic2_it])
    rel("it-gemelli", "eu-ic2permed", "member_of", start=2020, end=2023,
        basis="Fondazione Policlinico Gemelli co-leads IC2PerMed.", sources=[ic2_it])
    bb_ic2 = src("https://dev2.bbmri-eric.eu/scientific-collaboration/ic2permed/", "IC2PerMed – BBMRI-ERIC",
                 "Total request Grant by BBMRI-ERIC: €219,687.50")
    org("eu-bbmri-eric", "Biobanking and BioMolecular resources Research Infrastructure – European Research Infrastructure Consortium",
        "生物样本库与生物分子资源研究基础设施-欧洲研究基础设施联盟", "infrastructure", "EU", "AT",
        acronym="BBMRI-ERIC", website="https://www.bbmri-eric.eu",
        role_en="European research infrastructure for biobanking (Graz); led IC2PerMed's biobank collaboration scenario.",
        role_zh="欧洲生物样本库研究基础设施（格拉茨）；负责IC2PerMed生物样本库合作情景任务。",
        themes=["biobanking", "ethics-consent", "quality-accreditation"], sources=[bb_ic2])
    rel("eu-bbmri-eric", "eu-ic2permed", "member_of", start=2020, end=2023,
        basis="BBMRI-ERIC is a funded partner and leads Task 3.3 (biobank collaboration scenario).", sources=[bb_ic2])
    mou = src("https://www.ic2permed.eu/2023/11/08/ic2permed-partners-gathered-in-china-to-sign-a-mou-for-extending-sino-eu-collaboration-in-personalised-medicine/",
              "IC2PerMed partners gathered in China to sign a MoU",
              "Wang Yingshi, from the bureau of China-Eu Cooperation in the Ministry of Science and Technology of PRC")
    org("cn-most", "Ministry of Science and Technology of the People's Republic of China", "中华人民共和国科学技术部",
        "ministry", "China", "CN", acronym="MOST", zh="official",
        role_en="Sets China's science and technology policy, runs national key R&D programmes and EU–China S&T cooperation.",
        role_zh="制定国家科技政策，组织国家重点研发计划，负责中欧科技合作。",
        themes=["research-funding", "genetic-resources"], sources=[mou])
    rel("cn-most", "eu-ic2permed", "liaises_with", start=2023,
        basis="MOST's China–EU cooperation bureau spoke at IC2PerMed's Beijing delegation visit (October 2023).", sources=[mou])
    org("eu-ep-permed", "European Partnership for Personalised Medicine", "欧洲个体化医学伙伴关系", "network", "EU", None,
        acronym="EP PerMed", website="https://www.eppermed.eu",
        role_en="Horizon Europe co-funded partnership of 51 partners funding personalised-medicine research, with an international-cooperation work package.",
        role_zh="“地平线欧洲”共同资助的伙伴关系（51个伙伴），资助个体化医学研究，并设国际合作工作包。",
        themes=["research-funding", "wg-6"], sources=[src(mou["url"], mou["title"],
                                                          "EP PerMed is a new platform, that includes 51 partners")])
    rel("eu-ep-permed", "eu-ic2permed", "liaises_with", start=2023,
        basis="EP PerMed presented its plans for cooperation with China at the IC2PerMed Beijing event.", sources=[src(
            mou["url"], mou["title"], "Monica Frenzel (ICPerMed, EP PerMed) presented the European vision on PM")])
    org("cn-bgi", "BGI Group", "华大集团", "company", "China", "CN", acronym="BGI",
        role_en="Genomics company and research institute in Shenzhen; took part in IC2PerMed's 2023 Beijing event.",
        role_zh="深圳基因组学企业与研究机构；参加IC2PerMed 2023年北京活动。", themes=["genomics", "biobanking"],
        sources=[src(mou["url"], mou["title"], "Frederick Dubee (BGI) underlined the importance of cooperation for Europe and China.")])
    rel("cn-bgi", "eu-ic2permed", "signed_mou_with", start=2023,
        basis="Present at the IC2PerMed Beijing session that closed with the signature of an MoU to extend collaboration; BGI's signature itself is not confirmed.",
        sources=[mou], verified=False)

    # --- China National Center for Biotechnology Development and ICGEB ----------------------------------------
    icgeb = src("https://www.icgeb.org/icgeb-regional-research-centre-unveiled-at-china-medical-expo/",
                "ICGEB Regional Research Centre unveiled at China Medical Expo",
                "The China National Center for Biotechnology Development represents the Chinese government and participates in the ICGEB Board of Governors.")
    org("cn-cncbd", "China National Center for Biotechnology Development", "中国生物技术发展中心", "funder", "China", "CN",
        acronym="CNCBD", zh="official", parent="cn-most",
        role_en="MOST agency managing national biotechnology and biomedical programmes and international biotech cooperation.",
        role_zh="科技部直属机构，管理国家生物技术与生物医药项目及国际合作。",
        themes=["research-funding", "genetic-resources"], sources=[src(
            "https://www.devex.com/organizations/china-national-center-for-biotechnology-development-cncbd-148994",
            "China National Center for Biotechnology Development (CNCBD) – Devex",
            "established on November 3, 1983 under the Ministry of Science and Technology"), icgeb])
    org("int-icgeb", "International Centre for Genetic Engineering and Biotechnology", "国际遗传工程和生物技术中心",
        "international", "International", "IT", acronym="ICGEB", website="https://www.icgeb.org",
        role_en="Intergovernmental organisation for research and training in biotechnology; opened a Regional Research Centre in China.",
        role_zh="生物技术研究与培训政府间组织；在中国设立区域研究中心。", themes=["genomics"], sources=[icgeb])
    rel("cn-cncbd", "cn-most", "part_of", basis="CNCBD was established under the Ministry of Science and Technology.",
        start=1983, sources=[src("https://www.devex.com/organizations/china-national-center-for-biotechnology-development-cncbd-148994",
                                  "China National Center for Biotechnology Development (CNCBD) – Devex",
                                  "established on November 3, 1983 under the Ministry of Science and Technology")])
    rel("cn-cncbd", "int-icgeb", "represented_in", start=1992,
        basis="China joined ICGEB on 13 May 1992; CNCBD represents the Chinese government on the Board of Governors.",
        sources=[icgeb])
    rel("cn-cncbd", "int-icgeb", "signed_mou_with", start=2020,
        basis="China Medical City, ICGEB and CNCBD signed the cooperation agreement for the ICGEB China Regional Research Centre on 6 January 2020.",
        sources=[src(icgeb["url"], icgeb["title"], "on January 6, 2020, the three parties signed the cooperation agreement")])

    # --- China Kadoorie Biobank partners ----------------------------------------------------------------------
    ctsu = src("https://www.ctsu.ox.ac.uk/research/china-kadoorie-biobank", "China Kadoorie Biobank – CTSU, University of Oxford",
               "conducted jointly by the Clinical Trial Service Unit & Epidemiological Studies Unit (CTSU) in the Nuffield Department of Population Health, University of Oxford and the Chinese Academy of Medical Sciences")
    org("gb-oxford", "University of Oxford", "牛津大学", "university", "Europe (non-EU)", "GB",
        role_en="Runs the China Kadoorie Biobank jointly with the Chinese Academy of Medical Sciences (CTSU, Nuffield Department of Population Health).",
        role_zh="与中国医学科学院共同开展中国慢性病前瞻性研究（China Kadoorie Biobank）。",
        themes=["biobanking", "genomics", "prevention"], sources=[ctsu])
    org("cn-cams", "Chinese Academy of Medical Sciences", "中国医学科学院", "university", "China", "CN", acronym="CAMS",
        zh="official", role_en="China's national medical research academy; joint leader of the China Kadoorie Biobank.",
        role_zh="国家级医学科研机构；中国慢性病前瞻性研究共同牵头单位。", themes=["biobanking", "clinical-trials"],
        sources=[ctsu])
    rel("gb-oxford", "cn-cams", "partners_with", start=2004,
        basis="The China Kadoorie Biobank (recruitment from 2004) is conducted jointly by Oxford's CTSU and CAMS.",
        sources=[ctsu, src("https://ckbiobank.org/news-1/china-kadoorie-biobank-celebrates-20th-anniversary",
                           "China Kadoorie Biobank celebrates 20th anniversary", "celebrating 20 years since the start of the study in 2004")])
    fund = src(ctsu["url"], ctsu["title"], "The long-term continuation of the study is supported by Wellcome, with further support in China from the Chinese Natural Science Foundation and Chinese Ministry of Science and Technology.")
    org("gb-wellcome", "Wellcome Trust", "惠康基金会", "funder", "Europe (non-EU)", "GB", acronym="Wellcome",
        website="https://wellcome.org",
        role_en="UK biomedical research charity; long-term funder of the China Kadoorie Biobank.",
        role_zh="英国生物医学研究慈善基金；中国慢性病前瞻性研究的长期资助方。", themes=["research-funding", "genomics"],
        sources=[src("https://wellcome.org/grant-funding/people-and-projects/grants-awarded/china-kadoorie-biobank-05-million-adults",
                     "China Kadoorie Biobank of 0.5 million adults – Wellcome", "China Kadoorie Biobank of 0.5 million adults")])
    org("cn-nsfc", "National Natural Science Foundation of China", "国家自然科学基金委员会", "funder", "China", "CN",
        acronym="NSFC", zh="official", role_en="China's national funder of basic research, including biomedical and personalised-medicine science.",
        role_zh="国家基础研究资助机构，资助生物医学与个体化医学基础研究。", themes=["research-funding", "wg-6"], sources=[fund])
    rel("gb-wellcome", "gb-oxford", "funds", basis="Wellcome supports the long-term continuation of the China Kadoorie Biobank run by Oxford's CTSU.",
        sources=[fund])
    rel("cn-nsfc", "cn-cams", "funds", basis="NSFC supports the China Kadoorie Biobank in China.", sources=[fund])
    rel("cn-most", "cn-cams", "funds", basis="MOST supports the China Kadoorie Biobank in China.", sources=[fund])
    kadoorie = src(ctsu["url"], ctsu["title"], "CKB was established with funding support to CTSU from the Kadoorie Charitable Foundation in Hong Kong.")
    org("cn-kadoorie", "Kadoorie Charitable Foundation", "嘉道理慈善基金会", "funder", "China", "HK",
        role_en="Hong Kong charitable foundation whose funding established the China Kadoorie Biobank.",
        role_zh="香港慈善基金会，出资建立中国慢性病前瞻性研究。", themes=["research-funding", "biobanking"], sources=[kadoorie])
    rel("cn-kadoorie", "gb-oxford", "funds", start=2004, basis="Funding to CTSU established the China Kadoorie Biobank.",
        sources=[kadoorie])
    mrc = src("https://gtr.ukri.org/projects?ref=MC_UU_12026%2F2", "China Kadoorie Biobank (CKB) prospective study of 0.5 million adults – UKRI Gateway to Research",
              "Lead Research Organisation: University of Oxford")
    org("gb-mrc", "Medical Research Council", "英国医学研究理事会", "funder", "Europe (non-EU)", "GB", acronym="MRC",
        role_en="UK public funder of medical research (part of UKRI); core funding for the China Kadoorie Biobank.",
        role_zh="英国医学研究公共资助机构（隶属UKRI）；为中国慢性病前瞻性研究提供核心资助。", themes=["research-funding"],
        sources=[mrc])
    rel("gb-mrc", "gb-oxford", "funds", basis="MRC unit grant MC_UU_12026/2 for the China Kadoorie Biobank, led by Oxford.",
        sources=[mrc])


def _reuse():
    """Sources already retrieved for the landscape and biobank datasets (kept with their own accessed date)."""
    import json
    from pathlib import Path

    here = Path(__file__).parent.parent
    found = {}
    for name in ("landscape_eu.json", "landscape_cn.json", "landscape_intl.json", "landscape_cn_extra.json", "biobanks.json"):
        for row in json.loads((here / name).read_text(encoding="utf-8")):
            found[row["id"]] = row["sources"]
    return found


def load_more(org, rel, src):
    R = _reuse()

    def B(record, i=0):
        return R[record][i]

    # --- EU institutions, funders and co-funding with China ---------------------------------------------------
    cfm = src("https://ec.europa.eu/programmes/horizon2020/en/news/eu-china-research-and-innovation-co-funding-mechanism-first-call-launched-china",
              "EU-China Research and Innovation Co-Funding Mechanism - First call launched by China",
              "The Chinese Ministry of Science and Technology (MOST) has published its first call for proposals under the EU-China Co-Funding Mechanism (CFM)")
    org("eu-ec", "European Commission", "欧盟委员会", "ministry", "EU", None, acronym="EC", zh="official",
        website="https://commission.europa.eu",
        role_en="EU executive; funds personalised-medicine research through Horizon 2020/Horizon Europe and initiated ICPerMed.",
        role_zh="欧盟执行机构；通过“地平线2020/地平线欧洲”资助个体化医学研究，并发起ICPerMed。",
        themes=["research-funding", "health-data", "wg-6"], sources=[cfm])
    rel("cn-most", "eu-ec", "partners_with", start=2015,
        basis="EU-China Co-Funding Mechanism: MOST funds China-based partners of Horizon 2020 projects (first call December 2015).",
        sources=[cfm])
    rel("eu-ec", "eu-ic2permed", "funds", start=2020, end=2023, basis="Horizon 2020 grant agreement 874694 (topic SC1-HCO-01).",
        sources=[src("https://dev2.bbmri-eric.eu/scientific-collaboration/ic2permed/", "IC2PerMed – BBMRI-ERIC",
                     "Topic: SC1-HCO-01-2018-2019-2020  Actions in support of the International Consortium for Personalised Medicine")])
    rel("eu-ec", "eu-sino-eu-permed", "funds", start=2020, end=2024, basis="EUR 2 million Horizon 2020 grant.",
        sources=[src("https://www.internationales-buero.de/en/new_website_on_eu-china_cooperation_in_personalised_medicine.php",
                     "New website on EU-China cooperation in Personalised Medicine",
                     "The consortium received a 2 million euros grant from the European Framework Programme Horizon 2020.")])
    rel("eu-ec", "int-icpermed", "coordinates", start=2016, basis="ICPerMed was initiated in 2016 in workshops organised by the European Commission.",
        sources=[src("https://www.icpermed.eu/en/icpermed-about.php", "About ICPerMed",
                     "ICPerMed was initiated during several workshops organised by the European Commission throughout 2016.")])
    senet = src("https://www.senet-hub.eu/2020/01/06/apply-to-an-h2020-call-with-chinese-partners-the-co-funding-mechanism/",
                "Apply to an H2020 call with Chinese partners: the Co-Funding Mechanism – SENET",
                "the National Natural Science Foundation of China (NSFC) will provide co-funding for the flagship initiative on biotechnology for the environment and human health")
    rel("cn-nsfc", "eu-ec", "partners_with", basis="NSFC co-funds Chinese partners in the Horizon 2020 flagship on biotechnology for environment and human health (reported January 2020; start year not given).",
        sources=[senet])
    org("cn-miit", "Ministry of Industry and Information Technology of the People's Republic of China", "中华人民共和国工业和信息化部",
        "ministry", "China", "CN", acronym="MIIT", zh="official",
        role_en="Ministry for industry and ICT; co-issues policies on medical devices, health data and biomedical industry.",
        role_zh="主管工业与信息化的部门；参与制定医疗器械、健康数据和生物医药产业政策。",
        themes=["medical-devices-ivd", "ai", "digital-health"], sources=[src(senet["url"], senet["title"],
            "the ministry of Industry and Information Technology (MIIT) has been providing co-funding for the topic “LC-MG-1-6-2019")])
    rel("cn-miit", "eu-ec", "partners_with", start=2019, basis="MIIT co-funded Chinese partners in Horizon 2020 topic LC-MG-1-6-2019.",
        sources=[src(senet["url"], senet["title"], "the ministry of Industry and Information Technology (MIIT) has been providing co-funding for the topic “LC-MG-1-6-2019")])
    rgc = src("http://ec.europa.eu/research/iscp/index.cfm?lg=en&pg=china", "International Cooperation – China – European Commission",
              "the Hong Kong Research Grants Council launched a first round of applications under the European Commission / Research Grants Council Collaboration Scheme")
    org("cn-hk-rgc", "Research Grants Council of Hong Kong", "香港研究资助局", "funder", "China", "HK", acronym="RGC",
        zh="official", role_en="Hong Kong's research funder; funds Hong Kong participants in EU framework-programme projects.",
        role_zh="香港科研资助机构；资助香港机构参与欧盟框架计划项目。", themes=["research-funding"], sources=[rgc])
    rel("cn-hk-rgc", "eu-ec", "partners_with", start=2018, basis="European Commission / Research Grants Council Collaboration Scheme (first round April 2018).",
        sources=[rgc])

    # --- Germany–China: DFG, NSFC and the Sino-German Center --------------------------------------------------
    dfg = src("https://www.dfg.de/en/service/press/press_releases/2010/pressemitteilung_nr_61/index.html",
              "The Sino-German Center for Research Promotion in Beijing commemorates its 10-year anniversary – DFG",
              "On 19 October 2000, the DFG, together with its Chinese partner organisation, the National Natural Science Foundation of China (NSFC), opened the Center")
    org("de-dfg", "Deutsche Forschungsgemeinschaft (German Research Foundation)", "德国研究基金会", "funder", "EU", "DE",
        acronym="DFG", website="https://www.dfg.de",
        role_en="Germany's central research funder; runs the Sino-German Center with NSFC.",
        role_zh="德国核心科研资助机构；与国家自然科学基金委共同运营中德科学中心。", themes=["research-funding"], sources=[dfg])
    org("int-sgc", "Sino-German Center for Research Promotion", "中德科学基金研究交流中心", "funder", "International", "CN",
        acronym="SGC", role_en="Joint DFG–NSFC institution in Beijing funding Sino-German cooperation, including life sciences.",
        role_zh="德国研究基金会与国家自然科学基金委在北京共建机构，资助中德合作（含生命科学）。",
        themes=["research-funding"], sources=[src("https://www.dfg.de/en/about-us/international-cooperation/dfg-abroad/beijing",
            "The Sino-German Center for Research Promotion in Beijing – DFG",
            "a joint institution based in Beijing, established by the Deutsche Forschungsgemeinschaft (German Research Foundation, DFG) and the National Natural Science Foundation of China (NSFC)"),
            src("http://www.nsfc.gov.cn/publish/portal1/tab159/info24589.htm", "Sino-German Center for Research Promotion – NSFC",
                "The Sino-German Center for Research Promotion is jointly established by NSFC and DFG. It was put into operation on October 19, 2000.")])
    rel("de-dfg", "cn-nsfc", "partners_with", start=1986, basis="Partnership agreement providing for the exchange of scientists.",
        sources=[src("https://eurekalert.org/pub_releases/2000-10/DF-DaiC-1810100.php",
                     "DFG and its Chinese partner organisation NSFC open Science Promotion Centre in Beijing",
                     "Already in 1986, Deutsche Forschungsgemeinschaft and the NSFC signed a partnership agreement")])
    rel("de-dfg", "int-sgc", "funds", start=2000, basis="Jointly established and half-funded by DFG.", sources=[dfg])
    rel("cn-nsfc", "int-sgc", "funds", start=2000, basis="NSFC and DFG invest equally in the Center every year.",
        sources=[src("http://www.nsfc.gov.cn/publish/portal1/tab159/info24589.htm", "Sino-German Center for Research Promotion – NSFC",
                     "NSFC and DFG invest 10 million yuan each annually to the Center")])

    # --- Regulators and the ICH -------------------------------------------------------------------------------
    ich = src("http://www.ich.org/ichnews/newsroom/read/article/press-release-ich-assembly-meeting-in-montreal-canada-mayjune-2017.html",
              "Press release: ICH Assembly meeting in Montreal, Canada, May/June 2017",
              "the ICH Assembly approved the China Food and Drug Administration (CFDA) as a new Regulatory Member")
    org("int-ich", "International Council for Harmonisation of Technical Requirements for Pharmaceuticals for Human Use",
        "国际人用药品注册技术协调会", "international", "International", "CH", acronym="ICH", website="https://www.ich.org",
        role_en="Brings regulators and industry together on harmonised guidelines, including E18 on genomic sampling.",
        role_zh="汇聚监管机构与业界制定协调指导原则，包括关于基因组采样的E18。",
        themes=["medicines-regulation", "clinical-trials", "pharmacogenomics"], sources=[ich])
    nmpa = src("http://english.nmpa.gov.cn/2025-02/19/c_1073538.htm", "NMPA Re-elected as a Member of the ICH Management Committee",
               "The NMPA joined the ICH in 2017 and was elected as a member of the ICH Management Committee twice in 2018 and 2021.")
    org("cn-nmpa", "National Medical Products Administration", "国家药品监督管理局", "regulator", "China", "CN", acronym="NMPA",
        zh="official", website="https://english.nmpa.gov.cn",
        role_en="China's regulator of medicines, medical devices and in-vitro diagnostics; adopts ICH guidelines such as E18.",
        role_zh="中国药品、医疗器械和体外诊断试剂监管机构；采纳E18等ICH指导原则。",
        themes=["medicines-regulation", "medical-devices-ivd", "clinical-trials"], sources=[nmpa])
    rel("cn-nmpa", "int-ich", "member_of", start=2017, basis="Joined ICH as regulatory member in 2017 (then as CFDA); Management Committee member.",
        sources=[nmpa, ich])
    gcp = B("cn-gcp-2020", 0)
    org("cn-nhc", "National Health Commission of the People's Republic of China", "中华人民共和国国家卫生健康委员会", "ministry",
        "China", "CN", acronym="NHC", zh="official",
        role_en="China's health ministry: health policy, hospitals, clinical research and medical ethics rules.",
        role_zh="国家卫生行政部门：负责卫生健康政策、医疗机构、临床研究与医学伦理规章。",
        themes=["clinical-trials", "ethics-consent", "health-data", "wg-3"], sources=[gcp, B("cn-gcp-2020", 1)])
    rel("cn-nmpa", "cn-nhc", "partners_with", start=2020, basis="Jointly issued the 2020 Good Clinical Practice for drug trials.",
        sources=[gcp, B("cn-gcp-2020", 1)])
    iit = B("cn-iit-measures-2024", 1)
    org("cn-natcm", "National Administration of Traditional Chinese Medicine", "国家中医药管理局", "ministry", "China", "CN",
        acronym="NATCM", zh="official", parent="cn-nhc",
        role_en="Regulates traditional Chinese medicine, including investigator-initiated TCM clinical research.",
        role_zh="主管中医药事业，包括研究者发起的中医药临床研究管理。", themes=["clinical-trials"],
        sources=[B("cn-tcm-iit-measures-2025", 0)])
    org("cn-ndcpa", "National Disease Control and Prevention Administration", "国家疾病预防控制局", "ministry", "China", "CN",
        zh="official", parent="cn-nhc", role_en="China's disease-control administration; co-issued the 2024 rules on investigator-initiated clinical research.",
        role_zh="国家疾病预防控制主管部门；参与制定2024年研究者发起的临床研究管理办法。", themes=["prevention", "clinical-trials"],
        sources=[src("http://zx.zxy.hunanzx.gov.cn/szxapp/1/180/content_788734.html", "亮相!国家疾病预防控制局正式挂牌",
                     "2021年5月13日10时,北京市海淀区知春路14号,国家疾病预防控制局正式挂牌。"), iit])
    for other, ok in (("cn-natcm", True), ("cn-ndcpa", True)):
        rel("cn-nhc", other, "partners_with", start=2024,
            basis="Jointly made the 2024 Measures on investigator-initiated clinical research (国卫科教发〔2024〕32号).",
            sources=[iit, B("cn-iit-measures-2024", 0)], verified=ok)
    org("cn-cac", "Cyberspace Administration of China", "国家互联网信息办公室", "regulator", "China", "CN", acronym="CAC",
        zh="official", role_en="Regulates personal-information protection and cross-border data transfer, including health and genetic data.",
        role_zh="负责个人信息保护与数据出境监管，涵盖健康与基因数据。", themes=["data-protection", "health-data"],
        sources=[B("cn-data-export-security-assessment", 1)])
    org("cn-state-council", "State Council of the People's Republic of China", "中华人民共和国国务院", "ministry", "China", "CN",
        zh="official", role_en="China's cabinet; adopted the Regulation on Human Genetic Resources (2019).",
        role_zh="中国最高行政机关；通过《人类遗传资源管理条例》（2019）。", themes=["genetic-resources"],
        sources=[B("cn-hgr-regulation", 0)])
    org("cn-nda", "National Data Administration", "国家数据局", "ministry", "China", "CN", acronym="NDA", zh="official",
        role_en="Leads China's data-element policy, including the 2024–2026 “Data Elements ×” plan covering healthcare.",
        role_zh="牵头数据要素政策，包括覆盖医疗健康的“数据要素×”三年行动计划（2024—2026年）。", themes=["health-data"],
        sources=[B("cn-data-elements-x-action-plan", 0)])

    # --- Chinese academies, institutes and hospitals --------------------------------------------------------------
    org("cn-cas", "Chinese Academy of Sciences", "中国科学院", "university", "China", "CN", acronym="CAS", zh="official",
        role_en="China's national academy of sciences; its institutes run genomic data centres and biomedical research.",
        role_zh="国家科学院；下属研究所建设基因组数据中心并开展生物医学研究。", themes=["genomics"],
        sources=[B("cn-ngdc-cncb", 0)])
    org("cn-big-cncb", "Beijing Institute of Genomics, CAS (China National Center for Bioinformation)",
        "中国科学院北京基因组研究所（国家生物信息中心）", "infrastructure", "China", "CN", acronym="CNCB", zh="official",
        parent="cn-cas", role_en="Hosts the National Genomics Data Center, China's repository for genomic and health omics data.",
        role_zh="承建国家基因组科学数据中心，汇交与共享基因组及健康组学数据。", themes=["genomics", "health-data"],
        sources=[B("cn-ngdc-cncb", 1), B("cn-ngdc-cncb", 0)])
    rel("cn-big-cncb", "cn-cas", "part_of", basis="An institute of the Chinese Academy of Sciences.", sources=[B("cn-ngdc-cncb", 0)])
    rel("cn-gibh", "cn-cas", "part_of", basis="Guangzhou Institutes of Biomedicine and Health belong to CAS.",
        sources=[src("https://www.sino-eu-permed.eu/en/Project-1692.html", "Sino-EU PerMed – Project",
                     "The Guangzhou Institutes of Biomedicine and Health CAS located in the south of China is a research institute")])
    org("cn-pumch", "Peking Union Medical College Hospital", "北京协和医院", "hospital", "China", "CN", acronym="PUMCH",
        zh="official", parent="cn-cams",
        role_en="Leading national hospital; built China's National Rare Diseases Registry System (2016).",
        role_zh="国家级疑难重症诊治中心；2016年牵头建立国家罕见病注册登记系统。", themes=["rare-diseases", "biobanking"],
        sources=[B("cn-nrdrs", 0)])
    rel("cn-pumch", "cn-cams", "part_of", basis="PUMCH is the hospital of the Chinese Academy of Medical Sciences (中国医学科学院北京协和医院).",
        sources=[B("cn-nphsdc", 0)])
    org("cn-card", "China Alliance for Rare Diseases", "中国罕见病联盟", "network", "China", "CN", acronym="CARD", zh="official",
        website="https://www.chard.org.cn", role_en="National alliance of hospitals, researchers and companies for rare-disease care and research.",
        role_zh="由医院、科研机构和企业组成的全国性罕见病诊疗与研究联盟。", themes=["rare-diseases"],
        sources=[B("cn-rare-disease-alliance", 1), B("cn-rare-disease-alliance", 0)])
    rel("cn-pumch", "cn-card", "coordinates", basis="PUMCH's vice-president serves as the alliance's secretary-general.",
        sources=[B("cn-rare-disease-alliance", 0)])
    org("cn-fudan", "Fudan University", "复旦大学", "university", "China", "CN", zh="official",
        role_en="Shanghai university; runs the Taizhou cohort and the Fudan University Shanghai Cancer Center biobank.",
        role_zh="上海高校；开展泰州队列研究，下属复旦大学附属肿瘤医院建有组织样本库。", themes=["biobanking", "genomics"],
        sources=[B("cn-fusccc-tissue-bank", 0)])
    org("cn-fuscc", "Fudan University Shanghai Cancer Center", "复旦大学附属肿瘤医院", "hospital", "China", "CN",
        acronym="FUSCC", zh="official", parent="cn-fudan", website="http://www.shca.org.cn",
        role_en="Cancer hospital with an institutional tissue bank established in 2006.", role_zh="肿瘤专科医院，2006年建立组织样本库。",
        themes=["cancer", "biobanking"], sources=[B("cn-fusccc-tissue-bank", 0)])
    rel("cn-fuscc", "cn-fudan", "part_of", basis="Affiliated cancer centre of Fudan University.", sources=[B("cn-fusccc-tissue-bank", 0)])
    org("cn-sysucc", "Sun Yat-sen University Cancer Center", "中山大学肿瘤防治中心", "hospital", "China", "CN", acronym="SYSUCC",
        zh="official", website="https://english.sysucc.org.cn",
        role_en="Cancer centre in Guangzhou running a tumour biobank since 2001.", role_zh="广州肿瘤中心，2001年起建设肿瘤样本库。",
        themes=["cancer", "biobanking"], sources=[B("cn-sysucc-biobank", 0)])
    org("cn-hkgi", "Hong Kong Genome Institute", "香港基因组中心", "infrastructure", "China", "HK", acronym="HKGI",
        zh="official", role_en="Runs the Hong Kong Genome Project, sequencing patients with undiagnosed and hereditary diseases.",
        role_zh="负责香港基因组计划，为未确诊及遗传病患者进行基因组测序。", themes=["genomics", "rare-diseases"],
        sources=[B("cn-hk-genome-project", 1), B("cn-hk-genome-project", 0)])
    org("cn-fjmch", "Fujian Maternity and Child Health Hospital", "福建省妇幼保健院", "hospital", "China", "CN", zh="official",
        role_en="Maternal and child health hospital whose biobank holds a MOST human-genetic-resources preservation licence.",
        role_zh="妇幼保健医院，其生物样本库获科技部人类遗传资源保藏行政许可。", themes=["biobanking", "genetic-resources"],
        sources=[B("cn-fjmch-biobank", 0)])
    rel("cn-most", "cn-fjmch", "regulates", start=2022, basis="Human genetic resources preservation licence 国科遗办审字〔2022〕BC0103号.",
        sources=[B("cn-fjmch-biobank", 0)])
    org("cn-cnas", "China National Accreditation Service for Conformity Assessment", "中国合格评定国家认可委员会", "regulator",
        "China", "CN", acronym="CNAS", zh="official",
        role_en="Accredits laboratories and biobanks in China, including against ISO 20387.",
        role_zh="负责实验室和生物样本库认可，包括依据ISO 20387的认可。", themes=["quality-accreditation", "biobanking"],
        sources=[B("cn-qilu-biobank", 0)], verified=False)
    org("cn-qilu", "Qilu Hospital of Shandong University", "山东大学齐鲁医院", "hospital", "China", "CN", zh="official",
        role_en="Hospital whose biobank was assessed by CNAS in 2025.", role_zh="医院生物样本资源库于2025年通过CNAS评审。",
        themes=["biobanking", "quality-accreditation"], sources=[B("cn-qilu-biobank", 0)], verified=False)
    rel("cn-cnas", "cn-qilu", "regulates", start=2025, basis="CNAS assessment of the hospital biobank (reported by a reposted news page).",
        sources=[B("cn-qilu-biobank", 0)], verified=False)
    org("cn-cmc", "China Medical City (Taizhou)", "泰州中国医药城", "network", "China", "CN", acronym="CMC",
        role_en="Biomedical industry park in Taizhou, Jiangsu; hosts the ICGEB Regional Research Centre.",
        role_zh="江苏泰州生物医药产业园区；承建国际遗传工程和生物技术中心区域研究中心。", themes=["wg-4"],
        sources=[src("https://www.icgeb.org/icgeb-regional-research-centre-unveiled-at-china-medical-expo/",
                     "ICGEB Regional Research Centre unveiled at China Medical Expo",
                     "the unveiling ceremony of the ICGEB Regional Research Centre in China Medical City, Taizhou")])
    rel("cn-cmc", "int-icgeb", "signed_mou_with", start=2020, basis="Cooperation agreement for the ICGEB China Regional Research Centre, signed 6 January 2020.",
        sources=[src("https://www.icgeb.org/icgeb-regional-research-centre-unveiled-at-china-medical-expo/",
                     "ICGEB Regional Research Centre unveiled at China Medical Expo",
                     "on January 6, 2020, the three parties signed the cooperation agreement")])

    # --- Guangzhou Biobank Cohort Study: Guangzhou–Hong Kong–Birmingham -------------------------------------------
    gbcs = src("http://www.birmingham.ac.uk/research/activity/mds/projects/HaPS/PHEB/Guangzhou/index.aspx",
               "The Guangzhou Biobank Cohort Study (GBCS) – University of Birmingham",
               "a collaborative research project between The Universities of Birmingham and Hong Kong, and The Guangzhou Number Twelve People's Hospital in China")
    org("gb-birmingham", "University of Birmingham", "伯明翰大学", "university", "Europe (non-EU)", "GB",
        role_en="Co-leads the Guangzhou Biobank Cohort Study with Hong Kong and Guangzhou partners.",
        role_zh="与香港、广州伙伴共同牵头广州生物库队列研究。", themes=["biobanking", "prevention"], sources=[gbcs])
    org("cn-hku", "The University of Hong Kong", "香港大学", "university", "China", "HK", acronym="HKU", zh="official",
        role_en="Co-leads the Guangzhou Biobank Cohort Study; runs the “Children of 1997” birth cohort.",
        role_zh="共同牵头广州生物库队列研究；开展“97后”出生队列。", themes=["biobanking", "prevention"], sources=[gbcs])
    org("cn-gz12", "Guangzhou No. 12 People's Hospital", "广州市第十二人民医院", "hospital", "China", "CN", zh="official",
        role_en="Recruiting hospital of the Guangzhou Biobank Cohort Study (30,000+ older adults, 2003–2008).",
        role_zh="广州生物库队列研究的招募医院（2003–2008年，3万余名中老年人）。", themes=["biobanking"], sources=[gbcs])
    for a, b in (("gb-birmingham", "cn-hku"), ("gb-birmingham", "cn-gz12"), ("cn-hku", "cn-gz12")):
        rel(a, b, "partners_with", start=2003, basis="Guangzhou Biobank Cohort Study (baseline recruitment from October 2003).",
            sources=[gbcs])
    rel("gb-oxford", "cn-gz12", "liaises_with", start=2003, basis="Oxford's CTSU gave technical advice in planning and setting up GBCS.",
        sources=[src("https://www.scilit.net/publications/222d38a931c8c6649d8b1edb2a6d9614",
                     "Cohort Profile: The Guangzhou Biobank Cohort Study, a Guangzhou–Hong Kong–Birmingham collaboration",
                     "The Clinical Trials Service Unit at Oxford University has provided technical advice")])


def load_europe(org, rel, src):
    R = _reuse()

    def B(record, i=0):
        return R[record][i]

    # --- European universities, institutes and biobank hosts (their own pages where retrieved) --------------------
    org("se-ki", "Karolinska Institutet", "卡罗林斯卡学院", "university", "EU", "SE", acronym="KI",
        role_en="Medical university in Stockholm; runs the LifeGene cohort and KI Biobank.", role_zh="斯德哥尔摩医科大学；开展LifeGene队列并建有KI生物样本库。",
        themes=["biobanking", "genomics"], sources=[B("eu-se-lifegene", 0)])
    org("fi-thl", "Finnish Institute for Health and Welfare", "芬兰卫生与福利研究所", "university", "EU", "FI", acronym="THL",
        role_en="Finnish public-health institute running THL Biobank.", role_zh="芬兰公共卫生研究机构，运营THL生物样本库。",
        themes=["biobanking", "prevention"], sources=[B("eu-fi-thl-biobank", 0)])
    org("se-uu", "Uppsala University", "乌普萨拉大学", "university", "EU", "SE",
        role_en="Runs Uppsala Biobank jointly with Region Uppsala.", role_zh="与乌普萨拉地区共同运营乌普萨拉生物样本库。",
        themes=["biobanking"], sources=[B("eu-se-uppsala-biobank", 1)])
    org("it-eurac", "Eurac Research", "欧洲研究院（博尔扎诺）", "university", "EU", "IT",
        role_en="Research centre in Bolzano whose Institute for Biomedicine runs the CHRIS study.", role_zh="博尔扎诺研究中心，其生物医学研究所开展CHRIS研究。",
        themes=["biobanking", "genomics"], sources=[B("eu-it-chris", 0)])
    org("cz-cuni-lf1", "First Faculty of Medicine, Charles University", "布拉格查理大学第一医学院", "university", "EU", "CZ",
        role_en="Runs the Bank of Biological Material (ISO 9001 certified in 2015).", role_zh="运营生物材料库（2015年通过ISO 9001认证）。",
        themes=["biobanking", "quality-accreditation"], sources=[B("eu-cz-charles-bbm", 0)])
    org("es-bioef", "Basque Foundation for Health Innovation and Research", "巴斯克卫生创新与研究基金会", "funder", "EU", "ES",
        acronym="BIOEF", role_en="Hosts the Basque Biobank (created 2004).", role_zh="巴斯克生物样本库（2004年设立）的依托单位。",
        themes=["biobanking"], sources=[B("eu-es-biobanco-vasco", 1), B("eu-es-biobanco-vasco", 0)])
    org("at-medunigraz", "Medical University of Graz", "格拉茨医科大学", "university", "EU", "AT",
        role_en="Runs Biobank Graz, one of Europe's largest clinical biobanks; BBMRI-ERIC's host city.", role_zh="运营格拉茨生物样本库，欧洲最大的临床样本库之一。",
        themes=["biobanking"], sources=[B("eu-at-biobank-graz", 0)])
    org("gb-edinburgh", "University of Edinburgh", "爱丁堡大学", "university", "Europe (non-EU)", "GB",
        role_en="Runs the Generation Scotland family cohort and biobank.", role_zh="开展“苏格兰一代”家系队列与生物样本库。",
        themes=["biobanking", "genomics"], sources=[B("uk-generation-scotland", 1)])
    org("ie-tcd", "Trinity College Dublin", "都柏林圣三一学院", "university", "EU", "IE", acronym="TCD",
        role_en="Runs The Irish Longitudinal Study on Ageing (TILDA), with biosamples.", role_zh="开展爱尔兰老龄化纵向研究（TILDA），采集生物样本。",
        themes=["biobanking", "prevention"], sources=[B("eu-ie-tilda", 1)])
    org("es-cien", "Fundación CIEN (Centre for Research on Neurological Diseases)", "神经疾病研究中心基金会", "university", "EU", "ES",
        role_en="Runs the BT-CIEN brain tissue bank, part of Spain's national biobank platform.", role_zh="运营BT-CIEN脑组织库，为西班牙国家生物样本库平台成员。",
        themes=["biobanking"], sources=[B("eu-es-bt-cien", 0)])
    org("es-isciii", "Instituto de Salud Carlos III", "卡洛斯三世健康研究所", "funder", "EU", "ES", acronym="ISCIII",
        role_en="Spain's national health research institute and funder; its biobank platform is Spain's BBMRI-ERIC node.",
        role_zh="西班牙国家卫生研究机构与资助方；其生物样本库平台为BBMRI-ERIC西班牙节点。",
        themes=["biobanking", "research-funding"], sources=[B("eu-es-isciii-biobank-platform", 0)])
    rel("es-isciii", "eu-bbmri-eric", "member_of", start=2021,
        basis="Spain joined BBMRI-ERIC (observer, then full member); ISCIII's biobank platform is the national node.",
        sources=[B("eu-es-isciii-biobank-platform", 0), B("eu-es-isciii-biobank-platform", 1)])
    rel("es-cien", "es-isciii", "member_of", basis="BT-CIEN is one of the 52 institutions of the national biobank platform.",
        sources=[B("eu-es-bt-cien", 0)])
    org("no-bbmri", "Biobank Norway (BBMRI.no)", "挪威生物样本库网络", "network", "Europe (non-EU)", "NO", acronym="BBMRI.no",
        website="https://bbmri.no", role_en="Norway's national biobank research infrastructure, coordinated by NTNU.",
        role_zh="挪威国家生物样本库研究基础设施，由挪威科技大学协调。", themes=["biobanking"], sources=[B("eu-no-biobank-norway", 0)])
    rel("no-bbmri", "eu-bbmri-eric", "member_of", basis="Biobank Norway is a member of BBMRI-ERIC.", sources=[B("eu-no-biobank-norway", 1)])

    # --- European research infrastructures and partnerships ------------------------------------------------------
    org("fr-inserm", "Institut national de la santé et de la recherche médicale", "法国国家健康与医学研究院", "university", "EU", "FR",
        acronym="INSERM", role_en="French biomedical research institute; coordinates the ERDERA rare-disease partnership and runs Orphanet.",
        role_zh="法国生物医学研究机构；协调ERDERA罕见病伙伴关系并运营Orphanet。", themes=["rare-diseases", "research-funding"],
        sources=[B("eu-erdera", 1)])
    org("eu-erdera", "European Rare Diseases Research Alliance", "欧洲罕见病研究联盟", "network", "EU", None, acronym="ERDERA",
        role_en="Horizon Europe co-funded partnership on rare diseases (from September 2024).", role_zh="“地平线欧洲”共同资助的罕见病伙伴关系（2024年9月启动）。",
        themes=["rare-diseases", "research-funding"], sources=[B("eu-erdera", 0), B("eu-erdera", 1)])
    rel("fr-inserm", "eu-erdera", "coordinates", start=2024, basis="INSERM coordinates ERDERA.", sources=[B("eu-erdera", 1)])
    rel("eu-ec", "eu-erdera", "funds", start=2024, basis="European Partnership on Rare Diseases co-funded by the Commission.", sources=[B("eu-erdera", 0)])
    org("fi-sitra", "Sitra – the Finnish Innovation Fund", "芬兰创新基金（Sitra）", "funder", "EU", "FI", acronym="Sitra",
        role_en="Coordinates the joint actions towards the European Health Data Space (TEHDAS, TEHDAS2).", role_zh="协调迈向欧洲健康数据空间的联合行动（TEHDAS、TEHDAS2）。",
        themes=["health-data"], sources=[B("eu-tehdas2", 0)])
    org("eu-elixir", "ELIXIR", "ELIXIR欧洲生命科学数据基础设施", "infrastructure", "EU", None, acronym="ELIXIR",
        role_en="Intergovernmental infrastructure for life-science data, hub at EMBL-EBI with national nodes.", role_zh="生命科学数据政府间基础设施，枢纽设于EMBL-EBI，并有各国节点。",
        themes=["genomics", "health-data", "interoperability"], sources=[B("eu-elixir", 0)])
    org("int-embl", "European Molecular Biology Laboratory", "欧洲分子生物学实验室", "international", "International", None,
        acronym="EMBL", role_en="Intergovernmental life-science laboratory; its EBI hosts the ELIXIR hub.", role_zh="政府间生命科学实验室；其欧洲生物信息研究所承载ELIXIR枢纽。",
        themes=["genomics"], sources=[B("eu-elixir", 0)])
    rel("int-embl", "eu-elixir", "member_of", start=2013, basis="ELIXIR became a legal entity when EMBL and the first countries ratified the Consortium Agreement.",
        sources=[B("eu-elixir", 0)])
    org("eu-eatris", "European Infrastructure for Translational Medicine", "欧洲转化医学基础设施", "infrastructure", "EU", "NL",
        acronym="EATRIS", role_en="ERIC for translational medicine (since November 2013).", role_zh="转化医学欧洲研究基础设施联盟（2013年11月起）。",
        themes=["wg-7", "icpermed-p3"], sources=[B("eu-eatris-eric", 0)])
    org("eu-ecrin", "European Clinical Research Infrastructure Network", "欧洲临床研究基础设施网络", "infrastructure", "EU", "FR",
        acronym="ECRIN", website="https://ecrin.org", role_en="ERIC supporting multinational clinical trials (since 2013).", role_zh="支持跨国临床试验的欧洲研究基础设施联盟（2013年起）。",
        themes=["clinical-trials"], sources=[B("eu-ecrin-eric", 0)])
    org("eu-b1mg", "Beyond 1 Million Genomes", "超越百万基因组项目", "network", "EU", None, acronym="B1MG",
        role_en="Horizon 2020 project (2020–2023) supporting the European 1+ Million Genomes initiative.", role_zh="“地平线2020”项目（2020–2023），支持欧洲“百万基因组”倡议。",
        themes=["genomics", "health-data"], sources=[B("eu-b1mg", 1), B("eu-b1mg", 0)])
    rel("eu-ecrin", "eu-b1mg", "member_of", start=2020, end=2023, basis="ECRIN lists B1MG among its projects (June 2020 – May 2023).", sources=[B("eu-b1mg", 0)])
    rel("eu-ec", "eu-b1mg", "funds", start=2020, end=2023, basis="Horizon 2020 grant agreement No. 951724.", sources=[B("eu-b1mg", 1)])

    # --- International bodies -----------------------------------------------------------------------------------
    org("int-oecd", "Organisation for Economic Co-operation and Development", "经济合作与发展组织", "international", "International", None,
        acronym="OECD", zh="official", role_en="Adopted the Recommendation on Human Biobanks and Genetic Research Databases (2009).", role_zh="通过《人类生物样本库与遗传研究数据库建议书》（2009）。",
        themes=["biobanking", "health-data"], sources=[B("int-oecd-hbgrd-2009", 0)])
    org("int-ga4gh", "Global Alliance for Genomics and Health", "全球基因组学与健康联盟", "international", "International", None,
        acronym="GA4GH", role_en="Sets standards for responsible genomic data sharing, including Beacon v2.", role_zh="制定负责任的基因组数据共享标准，包括Beacon v2。",
        themes=["genomics", "interoperability", "health-data"], sources=[B("int-ga4gh-beacon-v2", 0)])
    org("int-snomed", "SNOMED International", "SNOMED国际", "international", "International", "GB", website="https://www.snomed.org",
        role_en="Owns and maintains SNOMED CT clinical terminology.", role_zh="拥有并维护SNOMED CT临床术语。",
        themes=["interoperability"], sources=[B("int-snomed-ct", 0), B("int-snomed-ct", 1)])
    org("int-irdirc", "International Rare Diseases Research Consortium", "国际罕见病研究联盟", "network", "International", None,
        acronym="IRDiRC", role_en="Global consortium of funders and researchers on rare diseases, launched 2011.", role_zh="2011年成立的全球罕见病资助方与研究者联盟。",
        themes=["rare-diseases", "research-funding"], sources=[B("int-irdirc", 0)])
    org("int-icgc-argo", "International Cancer Genome Consortium – Accelerating Research in Genomic Oncology", "国际癌症基因组联盟ARGO项目",
        "network", "International", None, acronym="ICGC ARGO", website="https://www.icgc-argo.org",
        role_en="Launched 2019 to analyse specimens from 100,000 cancer patients with clinical data.", role_zh="2019年启动，分析10万名癌症患者的样本与临床数据。",
        themes=["cancer", "genomics"], sources=[B("int-icgc-argo", 1), B("int-icgc-argo", 0)])
    org("int-ihcc", "International HundredK+ Cohorts Consortium", "国际十万人以上队列联盟", "network", "International", None,
        acronym="IHCC", role_en="Links large cohorts worldwide (103 cohorts in 43 countries by 2020).", role_zh="连接全球大型队列（2020年共103个队列、43个国家）。",
        themes=["biobanking", "genomics"], sources=[B("int-ihcc", 1), B("int-ihcc", 0)])
    org("int-isber", "International Society for Biological and Environmental Repositories", "国际生物与环境样本库协会", "network",
        "International", None, acronym="ISBER", role_en="Publishes best practices for repositories (5th edition 2023).", role_zh="发布样本库最佳实践（2023年第五版）。",
        themes=["biobanking", "quality-accreditation"], sources=[B("int-isber-best-practices", 0)])


def load_china(org, rel, src):
    R = _reuse()

    def B(record, i=0):
        return R[record][i]

    org("cn-cq-hc", "Chongqing Municipal Health Commission", "重庆市卫生健康委员会", "ministry", "China", "CN", zh="official",
        role_en="Municipal health authority that established the Chongqing Biobank platform.", role_zh="建立重庆生物样本库公共科研服务平台的市级卫生健康主管部门。",
        themes=["biobanking"], sources=[B("cn-chongqing-biobank", 0)])
    org("cn-cqhcwc", "Chongqing Health Center for Women and Children", "重庆市妇幼保健院", "hospital", "China", "CN", acronym="CQHCWC",
        zh="official", role_en="Maternal and child hospital; member of the Chongqing Biobank network.", role_zh="妇幼保健医院；重庆生物样本库成员单位。",
        themes=["biobanking"], sources=[B("cn-chongqing-biobank", 0)])
    rel("cn-cqhcwc", "cn-cq-hc", "member_of", start=2020, basis="Selected as a member of the Chongqing Biobank established by the Municipal Health Commission (October 2020).",
        sources=[B("cn-chongqing-biobank", 0)])
    org("cn-suzhou-cdc", "Suzhou Center for Disease Control and Prevention", "苏州市疾病预防控制中心", "university", "China", "CN",
        zh="official", role_en="Runs the Suzhou serum (gene) specimen bank with CAMS's Suzhou Institute of Systems Medicine.",
        role_zh="与中国医学科学院系统医学研究院共同建设苏州市血清（基因）标本库。", themes=["biobanking", "prevention"],
        sources=[B("cn-suzhou-serum-bank", 1), B("cn-suzhou-serum-bank", 0)])
    org("cn-cams-ism", "Institute of Systems Medicine, Chinese Academy of Medical Sciences (Suzhou Institute of Systems Medicine)",
        "中国医学科学院系统医学研究院（苏州系统医学研究所）", "university", "China", "CN", zh="official", parent="cn-cams",
        role_en="CAMS institute in Suzhou; partner of the Suzhou biobank platform.", role_zh="中国医学科学院在苏州的研究机构；苏州生物样本库平台合作方。",
        themes=["biobanking", "genomics"], sources=[B("cn-suzhou-serum-bank", 1)])
    rel("cn-suzhou-cdc", "cn-cams-ism", "partners_with", basis="Joint builders of the Suzhou biobank platform led by the Suzhou Health Commission.",
        sources=[B("cn-suzhou-serum-bank", 1)])
    rel("cn-cams-ism", "cn-cams", "part_of", basis="An institute of the Chinese Academy of Medical Sciences.", sources=[B("cn-suzhou-serum-bank", 1)])
    org("cn-pkuch", "Peking University Cancer Hospital & Institute", "北京大学肿瘤医院", "hospital", "China", "CN", zh="official",
        role_en="Cancer hospital with a tumour tissue bank founded in 1996.", role_zh="肿瘤专科医院，1996年建立肿瘤组织库。",
        themes=["cancer", "biobanking"], sources=[B("cn-pkucch-tumor-bank", 0)])
    org("cn-jlch", "Jilin Cancer Hospital", "吉林省肿瘤医院", "hospital", "China", "CN", zh="official",
        role_en="Provincial cancer hospital collecting tumour tissue with paired blood samples.", role_zh="省级肿瘤医院，收集肿瘤组织及配对血液样本。",
        themes=["cancer", "biobanking"], sources=[B("cn-jilin-cancer-biobank", 0)])
    org("cn-cuhk", "The Chinese University of Hong Kong", "香港中文大学", "university", "China", "HK", acronym="CUHK", zh="official",
        role_en="Runs the CU-Med Biobank (ISO 20387 accredited) and the Hong Kong Diabetes Biobank.", role_zh="运营中大医学生物样本库（ISO 20387认可）及香港糖尿病生物样本库。",
        themes=["biobanking", "quality-accreditation"], sources=[B("cn-cu-med-biobank", 0), B("cn-hk-diabetes-biobank", 0)])
    org("cn-tjmuch", "Tianjin Medical University Cancer Institute and Hospital", "天津医科大学肿瘤医院", "hospital", "China", "CN",
        zh="official", role_en="Cancer hospital whose biobank (founded 2003) holds samples from over 200,000 patients.",
        role_zh="肿瘤专科医院，其生物样本库2003年建立，保存21万例患者样本。", themes=["cancer", "biobanking"],
        sources=[B("cn-tjmuch-biobank", 0)])
    org("cn-wchscu", "West China Hospital, Sichuan University", "四川大学华西医院", "hospital", "China", "CN", zh="official",
        role_en="Runs West China Biobanks and a natural population cohort with regional medical consortia.", role_zh="运营华西生物样本库，并与区域医联体开展自然人群队列研究。",
        themes=["biobanking", "prevention"], sources=[src("https://frontiersin.org/journals/public-health/articles/10.3389/fpubh.2022.996169/full",
            "The design and implementation of natural population cohort study Biobank – Frontiers in Public Health",
            "The West China Hospital of Sichuan University collaborated with regional medical consortia in Sichuan Province")])


def load_infrastructures(org, rel, src):
    esfri = src("https://ri-portfolio.esfri.eu/ri-portfolio/portfolio-editions/2024-first-edition/catalogue/bbmri-eric/",
                "BBMRI-ERIC – ESFRI RI portfolio 2024", "observers are Denmark, IARC/WHO, Qatar, Spain, and finally Turkey")
    org("int-iarc", "International Agency for Research on Cancer", "国际癌症研究机构", "international", "International", "FR",
        acronym="IARC", zh="official", role_en="WHO's cancer research agency; hosts the EPIC cohort and observes BBMRI-ERIC.",
        role_zh="世界卫生组织下属癌症研究机构；负责EPIC队列，并为BBMRI-ERIC观察员。", themes=["cancer", "biobanking"],
        sources=[esfri])
    rel("int-iarc", "eu-bbmri-eric", "member_of", basis="IARC/WHO is an observer of BBMRI-ERIC.", sources=[esfri])
    rel("eu-eatris", "eu-bbmri-eric", "signed_mou_with", start=2014, basis="Memorandum of Understanding signed on 16 March 2014.",
        sources=[src("https://eatris.eu/news/bbmri-collaboration/", "BBMRI collaboration – EATRIS",
                     "have formalised their collaboration through the signing of a Memorandum of Understadning (MoU) on the 16 March 2014")])
    prep = src("https://cordis.europa.eu/project/id/212111/reporting/de", "Final Report Summary - BBMRI – CORDIS",
               "The European Commission (EC) has granted 5 Mio € funding (2008-2011) to the Preparatory Phase of BBMRI")
    rel("eu-ec", "eu-bbmri-eric", "funds", start=2008, end=2011, basis="FP7 preparatory-phase grant 212111 (EUR 5 million).", sources=[prep])
    rel("at-medunigraz", "eu-bbmri-eric", "coordinates", start=2008, end=2011,
        basis="Management of the preparatory phase was shared by the Medical University of Graz and the University of Turku.",
        sources=[src(prep["url"], prep["title"], "Management of BBMRI during the Preparatory Phase was divided between the Medical University of Graz (AT) and the University of Turku (FI)")])
